;;; emacs_lsp_driver.el --- batch Emacs: lsp-mode + lsp-goleash against the real server  -*- lexical-binding: t; -*-
;; Opens $GOLEASH_FILE in go-mode, starts lsp-mode (goleash is the only client
;; whose server is present, as an add-on), waits for the diagnostic, applies the
;; preferred quick fix with `lsp-goleash-preferred-fix', saves, and waits for the
;; diagnostic to clear. Writes a JSON report to $GOLEASH_RESULT.
(require 'json)
(require 'package)
(add-to-list 'package-directory-list "/usr/share/emacs/site-lisp/elpa")
(package-initialize)
(add-to-list 'load-path (getenv "GOLEASH_CLIENTS"))

(defvar driver--steps nil)
(defun driver--finish (report ok)
  (with-temp-file (getenv "GOLEASH_RESULT")
    (insert (json-encode (append `((ok . ,(if ok t :json-false))
                                   (steps . ,(vconcat (reverse driver--steps))))
                                 report))))
  (kill-emacs (if ok 0 1)))

(defun driver--wait (pred seconds what)
  (let ((deadline (+ (float-time) seconds)))
    (while (and (not (funcall pred)) (< (float-time) deadline))
      (accept-process-output nil 0.05))
    (unless (funcall pred) (error "Timed out waiting for %s" what))
    (push what driver--steps)))

(defun driver--goleash-diagnostics (file)
  (seq-filter (lambda (d) (equal (gethash "source" d) "goleash"))
              (gethash file (lsp-diagnostics t))))

(condition-case err
    (let* ((file (getenv "GOLEASH_FILE"))
           (root (getenv "GOLEASH_ROOT"))
           (home (getenv "HOME")))
      (require 'go-mode)
      (require 'lsp-mode)
      (require 'lsp-goleash)
      (setq lsp-goleash-command (append (json-parse-string (getenv "GOLEASH_CMD") :array-type 'list) nil)
            lsp-session-file (expand-file-name "lsp-session" home)
            lsp-enable-file-watchers nil
            lsp-keep-workspace-alive nil
            lsp-restart 'ignore
            lsp-auto-configure nil
            lsp-diagnostics-provider :none
            lsp-log-io nil)
      ;; Trust the module root up front instead of answering lsp-mode's prompt.
      (lsp-workspace-folders-add root)
      (with-current-buffer (find-file-noselect file)
        (go-mode)
        (lsp)
        (driver--wait (lambda () (driver--goleash-diagnostics file)) 30 "diagnosed")
        (let* ((diag (car (driver--goleash-diagnostics file)))
               (range (gethash "range" diag))
               (start (gethash "start" range))
               (workspace (car (lsp-workspaces)))
               (servers (mapcar (lambda (w) (symbol-name (lsp--client-server-id (lsp--workspace-client w))))
                                (lsp-workspaces)))
               (before (buffer-string)))
          (goto-char (lsp--position-to-point start))
          (let* ((point-at-diag (point))
                 (action (lsp-goleash-preferred-fix)))
            (driver--wait (lambda () (not (equal before (buffer-string)))) 10 "fixed")
            (let ((inhibit-message t)) (save-buffer))
            (push "written" driver--steps)
            (driver--wait (lambda () (null (driver--goleash-diagnostics file))) 30 "cleared")
            (driver--finish
             `((servers . ,(vconcat servers))
               (encoding . ,(gethash "positionEncoding" (lsp--workspace-server-capabilities workspace)))
               (line . ,(gethash "line" start))
               (character . ,(gethash "character" start))
               (point . ,point-at-diag)
               (code . ,(gethash "code" diag))
               (title . ,(gethash "title" action))
               (buffer . ,(buffer-substring-no-properties (point-min) (point-max))))
             t)))))
  (error (driver--finish `((error . ,(format "%S" err))) nil)))
