;;; day-test.el --- an author's day in Emacs on a real book  -*- lexical-binding: t; -*-
;; SPDX-License-Identifier: MIT
;; emacs --batch -l guide-mode.el -l test/completion.el -l test/day-test.el BOOK-DIR
;; BOOK-DIR: a writable copy of a whole book (run.sh copies ../shared/corpus/zguide-2025).
;; Env: LS_CMD (server command line), LSP_TIMEOUT (seconds, default 30).
;; As a user's init.el has it: `eglot-ensure' on both modes.  Opens chapter1.txt and checks
;; that *Messages* holds no warning or error, then hovers the first [#reference] (ElDoc shows
;; the title of the header its .bookmark names) and M-. lands on that header (the expected
;; header is read from the book's own .bookmark lines); completing `[#Lazy' (a title word)
;; and taking the first candidate gives the reference to the Lazy Pirate section; last, the
;; book's site/.bookmarks joins the same server.  Prints lines on stdout; exit 0 = pass, 1 = fail.

(require 'cl-lib)
(require 'subr-x)
(require 'eglot)
(require 'xref)

(defvar dt-failures nil)
(defvar dt-timeout (string-to-number (or (getenv "LSP_TIMEOUT") "30")))
(defun dt-say (fmt &rest args) (princ (concat (apply #'format fmt args) "\n")))
(defun dt-fail (fmt &rest args)
  (let ((s (apply #'format fmt args))) (push s dt-failures) (dt-say "FAIL %s" s)))

(defun dt-wait (pred what)
  "Run the command loop's hooks until PRED holds; fail after `dt-timeout' seconds."
  (let ((deadline (+ (float-time) dt-timeout)) ok)
    (while (and (not (setq ok (funcall pred))) (< (float-time) deadline))
      (run-hooks 'post-command-hook)
      (accept-process-output nil 0.05))
    (unless ok (dt-fail "timeout waiting for %s" what))
    ok))

(defun dt-target-header (book name)
  "(FILE LINE TEXT) of the header after `.bookmark NAME' in BOOK's chapters, 0-based LINE."
  (cl-loop for file in (directory-files book t "\\`chapter[0-9]+\\.txt\\'")
           thereis (with-temp-buffer
                     (insert-file-contents file)
                     (when (re-search-forward (concat "^\\.bookmark " (regexp-quote name) "$") nil t)
                       (re-search-forward "^\\++[ \t]+\\(.*\\)$")
                       (list file (1- (line-number-at-pos)) (match-string 1))))))

(defun dt-managed-by-eglot (what)
  "Wait until Eglot manages the current buffer; return its server."
  (dt-wait (lambda () (and (eglot-current-server) eglot--managed-mode)) (format "Eglot to manage %s" what))
  (eglot-current-server))

(defun dt-run (book)
  (when-let ((cmd (getenv "LS_CMD")))
    (setq guide-bookmarks-ls-command (split-string cmd " " t)))
  (add-hook 'guide-mode-hook #'eglot-ensure)
  (add-hook 'guide-bookmarks-mode-hook #'eglot-ensure)
  (with-current-buffer (messages-buffer) (let ((inhibit-read-only t)) (erase-buffer)))
  ;; 1. open chapter1.txt: guide-mode, one server at the book, nothing alarming in *Messages*
  (switch-to-buffer (find-file-noselect (expand-file-name "chapter1.txt" book)))
  (let ((server (dt-managed-by-eglot "chapter1.txt")))
    (dt-say "OPEN chapter1.txt mode=%s root=%s" major-mode
            (and server (project-root (eglot--project server))))
    (unless (eq major-mode 'guide-mode) (dt-fail "chapter1.txt opens in %s" major-mode))
    (unless (and server (equal (project-root (eglot--project server)) book))
      (dt-fail "the server's project is not the book %s" book))
    (let ((deadline (+ (float-time) 2))) ; let the first diagnostics arrive
      (while (< (float-time) deadline) (accept-process-output nil 0.05)))
    (let ((messages (with-current-buffer (messages-buffer) (buffer-string))))
      (dt-say "MESSAGES %s" (string-join (split-string messages "\n" t) " | "))
      (when (string-match-p "[Ww]arning\\|[Ee]rror\\|void-\\|[Ff]ailed" messages)
        (dt-fail "*Messages* after opening chapter1.txt: %s" messages)))
    (when (get-buffer "*Warnings*")
      (dt-fail "*Warnings*: %s" (with-current-buffer "*Warnings*" (buffer-string))))
    ;; 2. hover the first [#reference]: ElDoc shows its header's title
    (goto-char (point-min))
    (re-search-forward "\\[#\\([^] \t\n]+\\)\\]")
    (let* ((name (match-string-no-properties 1))
           (inside (+ (match-beginning 0) 3))
           (target (dt-target-header book name))
           got)
      (goto-char inside)
      (dt-say "REFERENCE [#%s] at %d:%d -> %s:%d %s" name (1- (line-number-at-pos))
              (- (point) (line-beginning-position))
              (file-name-nondirectory (nth 0 target)) (nth 1 target) (nth 2 target))
      (eglot-hover-eldoc-function (lambda (s &rest _) (setq got (or s ""))))
      (dt-wait (lambda () got) "textDocument/hover through ElDoc")
      (dt-say "HOVER %s" (car (split-string (or got "") "\n")))
      (unless (and got (string-search (nth 2 target) got))
        (dt-fail "hover on [#%s] shows %S, expected the title %S" name got (nth 2 target)))
      ;; 3. M-. lands on the header
      (let ((xref-prompt-for-identifier nil))
        (condition-case err (call-interactively #'xref-find-definitions)
          (error (dt-fail "xref-find-definitions: %s" (error-message-string err)))))
      (dt-say "M-. %s:%d %s" (file-name-nondirectory (or buffer-file-name "")) (1- (line-number-at-pos))
              (buffer-substring-no-properties (line-beginning-position) (line-end-position)))
      (unless (and (equal buffer-file-name (nth 0 target)) (= (1- (line-number-at-pos)) (nth 1 target)))
        (dt-fail "M-. on [#%s] landed in %s line %d, expected %s line %d" name buffer-file-name
                 (1- (line-number-at-pos)) (nth 0 target) (nth 1 target))))
    ;; 4. completion by a title word: the server finds Client-Side-Reliability-Lazy-Pirate-Pattern
    ;; for "Lazy" (its header is "Client-Side Reliability (Lazy Pirate Pattern)"); the first
    ;; candidate, taken from *Completions*, completes the reference.
    (switch-to-buffer (get-file-buffer (expand-file-name "chapter1.txt" book)))
    (goto-char (point-min))
    (forward-line 3)
    (let* ((text "See [#Lazy")
           (want "See [#Client-Side-Reliability-Lazy-Pirate-Pattern]")
           (got (gt-complete-first text (lambda () (run-hooks 'post-command-hook) (accept-process-output nil 0.05)))))
      (dt-say "COMPLETE_FIRST %S -> %S (*Completions*: %s)" text (car got) (string-join (cdr got) ", "))
      (unless (equal (car got) want)
        (dt-fail "completion-at-point after %S, first candidate: %S, expected %S" text (car got) want)))
    (set-buffer-modified-p nil)
    ;; 5. the site cache joins the book's server
    (switch-to-buffer (find-file-noselect (expand-file-name "site/.bookmarks" book)))
    (let ((site-server (dt-managed-by-eglot "site/.bookmarks")))
      (dt-say "OPEN site/.bookmarks mode=%s same-server=%s servers=%d" major-mode (eq site-server server)
              (length (apply #'append (hash-table-values eglot--servers-by-project))))
      (unless (eq site-server server) (dt-fail "site/.bookmarks has a server of its own")))
    (when server (ignore-errors (eglot-shutdown server nil 3)))))

(let ((book (pop command-line-args-left)))
  (condition-case err
      (progn (unless book (error "usage: emacs --batch -l guide-mode.el -l day-test.el BOOK-DIR"))
             (dt-run (file-name-as-directory (expand-file-name book))))
    (error (dt-fail "error: %s" (error-message-string err))))
  (dt-say (if dt-failures (format "RESULT FAIL (%d)" (length dt-failures)) "RESULT PASS"))
  (kill-emacs (if dt-failures 1 0)))
