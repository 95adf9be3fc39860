;;; lsp-goleash.el --- goleash as an lsp-mode add-on client beside gopls  -*- lexical-binding: t; -*-

;; Package-Requires: ((emacs "27.1") (lsp-mode "8.0.0"))
;; Keywords: languages, go, tools

;;; Commentary:

;; goleash finds goroutine leaks in Go code.  lsp-mode runs one "main" server
;; per buffer plus any number of add-on servers, so goleash is registered as an
;; add-on: gopls keeps completion, hover and the rest, goleash adds its
;; diagnostics and quick fixes.
;;
;;   (with-eval-after-load 'lsp-mode (require 'lsp-goleash))
;;   (add-hook 'go-mode-hook #'lsp-deferred)
;;
;; `lsp-execute-code-action' (s-l a a) lists goleash's quick fixes next to
;; gopls's; `lsp-goleash-preferred-fix' applies the preferred one without a
;; menu and `lsp-goleash-fix-all' applies every safe goleash fix.

;;; Code:

(require 'lsp-mode)

(defgroup lsp-goleash nil
  "goleash, the goroutine-leak checker, through lsp-mode."
  :group 'lsp-mode
  :prefix "lsp-goleash-")

(defcustom lsp-goleash-command '("goleash" "serve")
  "Command line that starts the goleash language server.
Point it into a virtualenv when goleash is not on `exec-path', e.g.
\\='(\"~/.venvs/goleash/bin/goleash\" \"serve\")."
  :type '(repeat string))

(defcustom lsp-goleash-enable t
  "Run goleash at all."
  :type 'boolean)

(defcustom lsp-goleash-run "onType"
  "Re-check while typing (\"onType\") or only on open and save (\"onSave\")."
  :type '(choice (const "onType") (const "onSave")))

(defcustom lsp-goleash-delay 250
  "Milliseconds the server waits after the last change before re-checking."
  :type 'integer)

(defcustom lsp-goleash-select []
  "Rule codes, code prefixes (\"GL0\") or rule names to run; empty runs every rule."
  :type '(lsp-repeatable-vector string))

(defcustom lsp-goleash-ignore []
  "Rule codes, code prefixes or rule names never to run."
  :type '(lsp-repeatable-vector string))

(defcustom lsp-goleash-exclude []
  "Globs of files that get no diagnostics, e.g. [\"**/vendor/**\"]."
  :type '(lsp-repeatable-vector string))

(defcustom lsp-goleash-preview nil
  "Also run the rules still in preview (as goleash check --preview)."
  :type 'boolean)

(defcustom lsp-goleash-include-generated nil
  "Also check generated files (// Code generated ... DO NOT EDIT.)."
  :type 'boolean)

(lsp-register-custom-settings
 '(("goleash.enable" lsp-goleash-enable t)
   ("goleash.run" lsp-goleash-run)
   ("goleash.delay" lsp-goleash-delay)
   ("goleash.select" lsp-goleash-select)
   ("goleash.ignore" lsp-goleash-ignore)
   ("goleash.exclude" lsp-goleash-exclude)
   ("goleash.includeGenerated" lsp-goleash-include-generated t)
   ("goleash.preview" lsp-goleash-preview t)))

(defun lsp-goleash-fix-all ()
  "Apply every safe goleash fix in the current buffer (source.fixAll.goleash)."
  (interactive)
  ;; Code actions are asked for the region, so make the region the whole buffer.
  (save-mark-and-excursion
    (goto-char (point-min))
    (push-mark (point-max) t t)
    (lsp-execute-code-action-by-kind "source.fixAll.goleash")))

(defun lsp-goleash-preferred-fix ()
  "Apply the preferred quick fix on the current line, without a menu.
Returns the applied code action."
  (interactive)
  (if-let ((action (seq-find (lambda (action) (lsp:code-action-is-preferred? action))
                             (lsp-code-actions-at-point "quickfix"))))
      (progn (lsp-execute-code-action action) action)
    (user-error "No preferred quick fix here")))

(lsp-register-client
 (make-lsp-client
  :new-connection (lsp-stdio-connection (lambda () lsp-goleash-command))
  :activation-fn (lsp-activate-on "go")
  :add-on? t
  :priority -2
  :server-id 'goleash
  :initialized-fn (lambda (workspace)
                    (with-lsp-workspace workspace
                      (lsp--set-configuration (lsp-configuration-section "goleash"))))))

(provide 'lsp-goleash)
;;; lsp-goleash.el ends here
