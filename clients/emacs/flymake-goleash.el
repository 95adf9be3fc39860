;;; flymake-goleash.el --- goleash's CLI as a Flymake backend  -*- lexical-binding: t; -*-

;; Package-Requires: ((emacs "27.1"))
;; Keywords: languages, go, tools

;;; Commentary:

;; For eglot users: eglot runs one server per major mode, so with gopls as
;; go-mode's server goleash cannot be a second one.  This backend runs
;; `goleash check' instead and sits next to eglot's own Flymake backend:
;;
;;   (add-hook 'go-mode-hook #'flymake-goleash-setup)
;;
;; It checks the file as saved (goleash reads the package's other files from
;; disk too), so its diagnostics refresh on save; while the buffer has unsaved
;; changes the previous ones stay and move along with the text.

;;; Code:

(require 'flymake)
(require 'json)

(defgroup flymake-goleash nil
  "goleash, the goroutine-leak checker, as a Flymake backend."
  :group 'flymake
  :prefix "flymake-goleash-")

(defcustom flymake-goleash-command '("goleash")
  "Program and leading arguments that run goleash.
For example \\='(\"python3\" \"-m\" \"goleash\")."
  :type '(repeat string))

(defcustom flymake-goleash-args '()
  "Extra arguments for `goleash check', e.g. \\='(\"--ignore\" \"GL100\")."
  :type '(repeat string))

(defvar-local flymake-goleash--process nil)

(defun flymake-goleash--position (byte-offset)
  "Buffer position of the 0-based UTF-8 BYTE-OFFSET goleash reports."
  (or (byte-to-position (1+ byte-offset)) (point-max)))

(defun flymake-goleash--type (severity)
  (pcase severity
    ("error" :error)
    ("warning" :warning)
    (_ :note)))

(defun flymake-goleash--diagnostics (buffer findings)
  "Flymake diagnostics in BUFFER for goleash's JSON FINDINGS."
  (with-current-buffer buffer
    (mapcar (lambda (finding)
              (let-alist finding
                (let ((beg (flymake-goleash--position .start_byte))
                      (end (flymake-goleash--position .end_byte)))
                  (flymake-make-diagnostic
                   buffer beg (max end (min (1+ beg) (point-max)))
                   (flymake-goleash--type .severity)
                   (format "%s (%s)" .message .code)))))
            findings)))

(defun flymake-goleash--parse (output-buffer)
  "goleash's JSON report in OUTPUT-BUFFER, or signal an error."
  (with-current-buffer output-buffer
    (goto-char (point-min))
    (json-parse-buffer :object-type 'alist :array-type 'list)))

(defun flymake-goleash-backend (report-fn &rest _)
  "Flymake backend: run `goleash check' on the saved file.
REPORT-FN receives what it finds."
  (let ((source (current-buffer))
        (file (buffer-file-name)))
    (cond
     ((not file) (funcall report-fn nil))
     ;; Unsaved edits: the file on disk would not match the buffer's positions.
     ((buffer-modified-p) nil)
     (t
      (when (process-live-p flymake-goleash--process)
        (kill-process flymake-goleash--process))
      (let* ((default-directory (file-name-directory file))
             (output (generate-new-buffer " *flymake-goleash*"))
             (process
              (make-process
               :name "flymake-goleash"
               :noquery t
               :connection-type 'pipe
               :coding 'utf-8
               :buffer output
               :stderr (get-buffer-create " *flymake-goleash stderr*")
               :command (append flymake-goleash-command
                                '("check" "--format" "json" "-q")
                                flymake-goleash-args
                                (list (file-local-name file)))
               :sentinel
               (lambda (proc _event)
                 (when (memq (process-status proc) '(exit signal))
                   (unwind-protect
                       (cond
                        ((not (eq proc (buffer-local-value 'flymake-goleash--process source)))
                         nil)           ; superseded by a newer check
                        ;; 0: clean, 1: findings; 2 still reports what it could check.
                        ((memq (process-exit-status proc) '(0 1 2))
                         (condition-case err
                             (funcall report-fn
                                      (flymake-goleash--diagnostics
                                       source (flymake-goleash--parse (process-buffer proc))))
                           (error (funcall report-fn :panic
                                           :explanation (format "goleash: %S" err)))))
                        (t (funcall report-fn :panic
                                    :explanation (format "goleash exited with %s"
                                                         (process-exit-status proc)))))
                     (kill-buffer (process-buffer proc))))))))
        (setq flymake-goleash--process process))))))

;;;###autoload
(defun flymake-goleash-setup ()
  "Add the goleash backend to Flymake in this buffer and turn Flymake on."
  (add-hook 'flymake-diagnostic-functions #'flymake-goleash-backend nil t)
  (flymake-mode 1))

(provide 'flymake-goleash)
;;; flymake-goleash.el ends here
