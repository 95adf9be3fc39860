;;; emacs_flymake_driver.el --- batch Emacs: flymake-goleash against the real CLI  -*- lexical-binding: t; -*-
;; Inputs from $GOLEASH_*; writes a JSON report to $GOLEASH_RESULT and exits 0,
;; or exits 1 with the reason in the report.
(require 'json)
(add-to-list 'load-path (getenv "GOLEASH_CLIENTS"))
(require 'flymake-goleash)

(defun driver--finish (report ok)
  (with-temp-file (getenv "GOLEASH_RESULT")
    (insert (json-encode (cons (cons 'ok (if ok t :json-false)) report))))
  (kill-emacs (if ok 0 1)))

(condition-case err
    (let* ((command (append (json-parse-string (getenv "GOLEASH_CMD") :array-type 'list) nil))
           (buffer (find-file-noselect (getenv "GOLEASH_FILE")))
           (deadline (+ (float-time) 60)))
      (setq flymake-goleash-command command)
      (with-current-buffer buffer
        (setq-local flymake-diagnostic-functions nil)
        (flymake-goleash-setup)
        (flymake-start)
        (while (and (null (flymake-diagnostics)) (< (float-time) deadline))
          (accept-process-output nil 0.1))
        (driver--finish
         `((diagnostics
            . ,(vconcat
                (mapcar (lambda (d)
                          `((beg . ,(flymake-diagnostic-beg d))
                            (end . ,(flymake-diagnostic-end d))
                            (type . ,(symbol-name (flymake-diagnostic-type d)))
                            (text . ,(flymake-diagnostic-text d))))
                        (flymake-diagnostics))))
           (running . ,(vconcat (mapcar #'symbol-name (flymake-running-backends))))
           (disabled . ,(vconcat (mapcar #'symbol-name (flymake-disabled-backends)))))
         t)))
  (error (driver--finish `((error . ,(format "%S" err))) nil)))
