;;; guide-mode.el --- Modes for ZeroMQ Guide books, served by bookmarks-ls  -*- lexical-binding: t; -*-

;; Copyright (c) 2026 The bookmarks-ls authors

;; Author: The bookmarks-ls authors
;; Maintainer: The bookmarks-ls authors
;; Version: 0.1.0
;; Package-Requires: ((emacs "27.1"))
;; Keywords: languages, docs
;; URL: https://github.com/bookmarks-ls/bookmarks-ls
;; SPDX-License-Identifier: MIT

;; This file is not part of GNU Emacs.

;;; License:

;; Permission is hereby granted, free of charge, to any person obtaining a copy of this
;; software under the terms of the MIT License; see the file LICENSE at the root of the
;; bookmarks-ls repository for the full text.

;;; Commentary:

;; `guide-mode' edits the plain-text source of a guide book (chapterN.txt, partN.txt,
;; preface*.txt, postface.txt, wip.txt, xl8n/**/*.txt and the .txt files the book lists
;; in zguide.book, bookmarks-ls.toml or a driver script): `+ Chapter' / `++ Section' headers,
;; `.bookmark name' anchors, `[#name]' references, `[[code]]...[[/code]]' blocks,
;; `.set NAME=V' / `$(NAME)' symbols and the other `.'-directives.
;; `guide-bookmarks-mode' edits the anchor caches `.bookmarks' (ANCHOR TITLE) and
;; `site/.bookmarks' (ANCHOR TITLE|DOCUMENT).
;;
;; In their buffers only, both modes name the language server bookmarks-ls for Eglot
;; (`eglot-server-programs') and the book folder as the project (`project-find-functions'),
;; so one server serves the whole book, both bookmark files included.  Other buffers keep
;; their own projects and servers.  With
;;
;;   (add-to-list 'load-path "/path/to/bookmarks-ls/editors/emacs")
;;   (require 'guide-mode)
;;   (add-hook 'guide-mode-hook #'eglot-ensure)
;;   (add-hook 'guide-bookmarks-mode-hook #'eglot-ensure)
;;
;; gives diagnostics (Flymake), hover (ElDoc), definitions/references (xref), completion
;; (completion-at-point), rename and code actions.  Completion keeps the anchors the server
;; finds by a word of their title (`[#Lazy' offers Client-Side-Reliability-Lazy-Pirate-Pattern):
;; in the modes' buffers Eglot's completions use the style `guide-filter-text'.  Server settings go to
;; `eglot-workspace-configuration', e.g. in the book's .dir-locals.el:
;;
;;   ((nil . ((eglot-workspace-configuration
;;             . (:bookmarks (:profile "mkwikidot"
;;                            :diagnostics (:forwardReferences "warning")))))))
;;
;; A folder is a book when it holds bookmarks-ls.toml, zguide.book, .bookmarks,
;; site/.bookmarks, a driver script in bin/ or a chapterN.txt (the rule of the server;
;; site/.bookmarks marks the folder above site/, never site/ itself).

;;; Code:

(require 'cl-lib)
(require 'imenu)
(require 'project)  ; first: a LOCAL `add-hook' sets an unbound hook's global value to nil
(require 'seq)
(require 'subr-x)

(defgroup guide nil
  "Guide books (the ZeroMQ Guide source format) and bookmarks-ls."
  :group 'languages
  :prefix "guide-")

(defcustom guide-bookmarks-ls-command '("bookmarks-ls")
  "Command line (a list of strings) that starts bookmarks-ls on stdio."
  :type '(repeat string))

;;;; Books and file names

(defconst guide--file-name-regexp
  "\\`\\(?:chapter[0-9]+\\|part[0-9]+\\|preface[^/]*\\|postface\\|wip\\)\\.txt\\'"
  "Base names of a book's guide files.")

;;;###autoload
(defconst guide-mode-file-name-regexp
  "/\\(?:chapter[0-9]+\\|part[0-9]+\\|preface[^/]*\\|postface\\|wip\\)\\.txt\\'\\|/xl8n/.*\\.txt\\'"
  "File names that are guide files when they lie in a book (`auto-mode-alist').")

;; The book rule of bookmarks-ls (analysis.IsBook, README "Which folders are books"): keep
;; these lists as the server has them.
(defconst guide--book-markers
  '("bookmarks-ls.toml" "zguide.book" ".bookmarks" "site/.bookmarks"
    "bin/buildguide" "bin/buildpdfs" "bin/mkguide" "bin/mkpdfs")
  "Files that make their folder a book.")

(defconst guide--tools '("mkwikidot" "mkdocbook" "z2w" "mkbook")
  "The converters whose calls in a bin/ script make a driver script.")

(defconst guide--tools-regexp (regexp-opt guide--tools)
  "Matches a converter's name.")

(defun guide--file-text (file)
  "The text of FILE, or nil when it cannot be read."
  (and (file-regular-p file) (file-readable-p file)
       (with-temp-buffer
         (set-buffer-multibyte nil)
         (ignore-errors (insert-file-contents-literally file) (buffer-string)))))

(defun guide--insert-script (file)
  "Replace the current buffer with FILE; non-nil when it may be a driver script.
That is a readable file with no NUL byte in its first 512 bytes and a
converter's name in its text.  Reading the head first keeps the binaries of
~/bin or /bin cheap to skip."
  (erase-buffer)
  (and (file-regular-p file) (file-readable-p file)
       (ignore-errors (insert-file-contents-literally file nil 0 512) t)
       (not (search-forward "\0" nil t))
       (progn (erase-buffer)
              (ignore-errors (insert-file-contents-literally file) t))
       (re-search-forward guide--tools-regexp nil t)))

(defun guide--calls-tool-p (text)
  "Non-nil when TEXT is a shell script with a converter command."
  (and text
       (not (string-match-p "\0" text))
       (or (not (string-prefix-p "#!" text))
           (seq-intersection '("sh" "bash" "dash" "ksh" "zsh")
                             (split-string (car (split-string (substring text 2) "\n")) "[/ \t]+" t)))
       (let ((found nil))
         (dolist (line (split-string text "\n"))
           (unless (string-match-p "\\`[ \t]*#" line)
             (dolist (cmd (split-string line "[;|&()]"))
               (let ((words (split-string cmd "[ \t]+" t)))
                 (while (and words (or (string-match-p "\\`[A-Za-z0-9_]+=" (car words))
                                       (member (car words) '("exec" "perl" "env" "time"))))
                   (setq words (cdr words)))
                 (when (and words (member (file-name-nondirectory (car words)) guide--tools))
                   (setq found t))))))
         found)))

(defun guide--driver-scripts (dir)
  "The bin/ files of DIR that are shell scripts calling a converter."
  (let ((bin (expand-file-name "bin" dir)))
    (and (file-directory-p bin)
         (with-temp-buffer
           (set-buffer-multibyte nil)
           (seq-filter (lambda (f)
                         (and (not (member (file-name-nondirectory f) (cons "mkmarkdown" guide--tools)))
                              (guide--insert-script f)
                              (guide--calls-tool-p (buffer-string))))
                       (directory-files bin t "\\`[^.]"))))))

(defun guide--marks-book-p (marker dir)
  "Return non-nil when DIR is a book by its file MARKER.
A site/.bookmarks marks the folder above site/, so the .bookmarks of a folder
named site marks no book of its own (analysis.BookDirs)."
  (and (file-exists-p (expand-file-name marker dir))
       (not (and (equal marker ".bookmarks")
                 (equal (file-name-nondirectory (directory-file-name dir)) "site")))))

(defun guide-book-directory-p (dir)
  "Return non-nil if DIR is a book folder.
A book folder has a marker file (`guide--book-markers'), a chapterN.txt or
a bin/ shell script that calls a converter: the rule of bookmarks-ls."
  (and dir (file-directory-p dir)
       (or (seq-some (lambda (m) (guide--marks-book-p m dir)) guide--book-markers)
           (directory-files dir nil "\\`chapter[0-9]+\\.txt\\'" t)
           (guide--driver-scripts dir))
       t))

(defun guide-book-root (file)
  "The book folder FILE belongs to, or nil: the nearest book folder above it."
  (let* ((file (expand-file-name file))
         (dir (file-name-directory file)))
    (cond
     ;; <book>/xl8n/**/x.txt belongs to <book>, never to xl8n/kr
     ((string-match "\\`\\(.*/\\)xl8n/" file)
      (setq dir (match-string 1 file)))
     ;; <book>/site/.bookmarks belongs to <book>
     ((and (equal (file-name-nondirectory file) ".bookmarks")
           (equal (file-name-nondirectory (directory-file-name dir)) "site"))
      (setq dir (file-name-directory (directory-file-name dir)))))
    (let (root)
      (while (and dir (not root))
        (if (guide-book-directory-p dir)
            (setq root (file-name-as-directory dir))
          (let ((up (file-name-directory (directory-file-name dir))))
            (setq dir (and up (not (equal up dir)) up)))))
      root)))

(defun guide--listed-p (root rel)
  "Non-nil when REL, a path inside the book ROOT, is named by the book's lists.
The lists are the lines of zguide.book, the quoted files of bookmarks-ls.toml
and the words of the driver scripts in bin/."
  (let ((strip (lambda (w) (string-remove-prefix "./" w))))
    (or (seq-some (lambda (line)
                    (let ((w (car (split-string line "[ \t]+" t))))
                      (and w (not (string-prefix-p "#" w)) (not (string-match-p "=" w))
                           (equal (funcall strip w) rel))))
                  (split-string (or (guide--file-text (expand-file-name "zguide.book" root)) "") "\n"))
        (let ((toml (or (guide--file-text (expand-file-name "bookmarks-ls.toml" root)) ""))
              (start 0) found)
          (while (and (not found) (string-match "\"\\([^\"\n]+\\)\"" toml start))
            (setq found (equal (funcall strip (match-string 1 toml)) rel)
                  start (match-end 0)))
          found)
        (seq-some (lambda (script)
                    (member rel (mapcar strip (split-string (guide--file-text script) "[ \t\n\\;|&()'\"]+" t))))
                  (guide--driver-scripts root)))))

(defun guide-file-p (file)
  "Non-nil when FILE is a guide file of a book."
  (let* ((file (expand-file-name file))
         (base (file-name-nondirectory file))
         (root (and (string-suffix-p ".txt" base) (guide-book-root file))))
    (and root
         (or (string-match-p "/xl8n/" file)
             (string-match-p guide--file-name-regexp base)
             (guide--listed-p root (file-relative-name file root)))
         t)))

;;;; Faces

(defface guide-header-1 '((t :inherit (bold font-lock-function-name-face) :height 1.2))
  "Chapter headers (`+ Title')." :group 'guide)
(defface guide-header-2 '((t :inherit (bold font-lock-function-name-face)))
  "Section headers (`++ Title')." :group 'guide)
(defface guide-header-3 '((t :inherit font-lock-function-name-face))
  "Subsection headers (`+++ Title' and deeper)." :group 'guide)
(defface guide-directive '((t :inherit font-lock-preprocessor-face))
  "Directives (`.set', `.bookmark', `.output', ...)." :group 'guide)
(defface guide-illegal-directive '((t :inherit font-lock-warning-face))
  "Lines starting with `.' that are no directive." :group 'guide)
(defface guide-anchor '((t :inherit font-lock-constant-face))
  "Bookmark names." :group 'guide)
(defface guide-reference '((t :inherit link))
  "Cross-references `[#name]'." :group 'guide)
(defface guide-symbol '((t :inherit font-lock-variable-name-face))
  "Symbols `$(NAME)'." :group 'guide)
(defface guide-code '((t :inherit font-lock-string-face))
  "Bodies of [[code]] blocks." :group 'guide)
(defface guide-code-delimiter '((t :inherit font-lock-keyword-face))
  "[[code ...]] and [[/code]] lines." :group 'guide)

;;;; Code blocks

(defconst guide--code-open-regexp
  (concat "\\[\\[code\\(?:\\]\\]"
          "\\|[ \t]+language=\".+\"\\]\\]"
          "\\|[ \t]+type=\"example\"[ \t]+title=\"[^\"\n]+\"[ \t]+name=\"[^\"\n]+\""
          "\\(?:[ \t]+language=\"[^\"\n]+\"\\)?\\]\\]"
          "\\| type=\"textdiagram\"[ \t]+title=\"[^\"\n]+\"\\]\\]"
          "\\|[ \t]+type=\"fragment\"[ \t]+name=\"[^\"\n]+\"\\)")
  "The code-block openers mkwikidot and mkdocbook accept (spec 7.1).
Any other line containing [[code is `E: unparsed code block' and the lines
after it are ordinary lines.")
(defconst guide--code-close-regexp "\\[\\[/code\\]\\]")

(defun guide--match-code-block (limit)
  "Font-lock matcher: the next [[code]] block starting before LIMIT.
Group 0 is the block, 1 the opener line, 2 the body, 3 the closer line."
  (when (re-search-forward guide--code-open-regexp limit t)
    (let* ((open-beg (line-beginning-position))
           (open-end (line-end-position))
           (body-beg (min (1+ open-end) (point-max)))
           close-beg close-end)
      (goto-char open-end)
      (if (re-search-forward guide--code-close-regexp nil t)
          (setq close-beg (line-beginning-position) close-end (line-end-position))
        (setq close-beg (point-max) close-end (point-max)))
      (goto-char close-end)
      (set-match-data (list open-beg close-end open-beg open-end
                            body-beg (max body-beg close-beg) close-beg close-end))
      t)))

(defvar font-lock-beg)
(defvar font-lock-end)

(defun guide--extend-region ()
  "Extend the font-lock region to whole code blocks."
  (let ((changed nil))
    (save-excursion
      (goto-char font-lock-beg)
      (when (guide-in-code-block-p)
        (when (re-search-backward guide--code-open-regexp nil t)
          (setq font-lock-beg (line-beginning-position) changed t)))
      (goto-char font-lock-end)
      (when (guide-in-code-block-p)
        (if (re-search-forward guide--code-close-regexp nil t)
            (setq font-lock-end (line-end-position) changed t)
          (setq font-lock-end (point-max) changed t))))
    changed))

(defun guide-in-code-block-p (&optional pos)
  "Non-nil when POS (default point) is on a body line of a [[code]] block."
  (save-excursion
    (when pos (goto-char pos))
    (let ((bol (line-beginning-position)))
      (goto-char bol)
      (and (re-search-backward (concat guide--code-open-regexp "\\|" guide--code-close-regexp) nil t)
           (string-match-p "\\[\\[code" (match-string 0))
           (< (line-end-position) bol)))))

;;;; Font lock

(defconst guide-font-lock-keywords
  `(;; directives: every line that starts with `.' (unknown ones are errors for the tools)
    ("^\\.-.*$" . font-lock-comment-face)
    ("^\\.\\(bookmark\\)[ \t]+\\(\\w.*\\)$" (1 'guide-directive) (2 'guide-anchor))
    ("^\\.\\(set\\)[ \t]+\\(\\w+\\)=\\(.*\\)$"
     (1 'guide-directive) (2 'font-lock-variable-name-face) (3 'font-lock-string-face))
    ("^\\.\\(output\\|prelude\\|inbook\\|filter\\)[ \t]+\\(\\w.*\\)$"
     (1 'guide-directive) (2 'font-lock-string-face))
    ("^\\.end.*$" . 'guide-directive)
    ("^\\.\\(?:-\\|bookmark[ \t]+\\w\\|set[ \t]+\\w+=\\|\\(?:output\\|prelude\\|inbook\\|filter\\)[ \t]+\\w\\|end\\)\\|^\\(\\..*\\)$"
     (1 'guide-illegal-directive nil t))
    ;; headers: `+' in column 0 then blanks; level = number of `+'
    ("^\\+[ \t]+.*$" . 'guide-header-1)
    ("^\\+\\{2\\}[ \t]+.*$" . 'guide-header-2)
    ("^\\+\\{3,\\}[ \t]+.*$" . 'guide-header-3)
    ;; inline markup
    ("\\[#[^ \t\n]+\\]" 0 'guide-reference prepend)
    ("[$%]([A-Za-z0-9_]+\\(?:\\?[^)\n]*\\)?)" 0 'guide-symbol prepend)
    ("\\_<zmq_[A-Za-z0-9_]+\\[[0-9]\\]" 0 'link prepend)
    ("\\[figure\\]" 0 'font-lock-builtin-face prepend)
    ("\\(?:^\\|[^:]\\)\\(//[^ \t\n/][^\n]*?//\\)" 1 'italic prepend)
    ("\\*\\*[^ \t\n*][^\n]*?\\*\\*" 0 'bold prepend)
    ("{{[^\n]*?}}" 0 'font-lock-constant-face prepend)
    ("^[*#>][ \t]" 0 'font-lock-keyword-face)
    ("\\[\\[code.*$" 0 'font-lock-warning-face t)
    ;; a [[code line no opener matches: `E: unparsed code block' (valid openers are
    ;; re-faced by the code-block keyword below)
    ("\\[\\[code.*$" 0 'font-lock-warning-face t)
    ;; code blocks last: their bodies are inert (no headers, directives or references)
    (guide--match-code-block
     (2 'guide-code t t)
     (1 'guide-code-delimiter t)
     (3 'guide-code-delimiter t t)))
  "Font-lock keywords for `guide-mode'.")

;;;; Imenu

(defun guide--headers ()
  "The headers outside code blocks, as (LEVEL TITLE . POSITION), in buffer order."
  (let (headers)
    (save-excursion
      (goto-char (point-min))
      (while (re-search-forward "^\\(\\++\\)[ \t]+\\(.*[^ \t\n]\\)" nil t)
        (let ((header (cons (length (match-string 1))
                            (cons (match-string-no-properties 2) (line-beginning-position)))))
          (unless (guide-in-code-block-p)
            (push header headers)))))
    (nreverse headers)))

(defun guide--header-tree (headers level)
  "Nest HEADERS deeper than LEVEL: an imenu alist and the headers left after it.
A header with sub-headers is (TITLE (TITLE . POSITION) SUB-HEADER...), as
Eglot shows a document symbol with children; one without is (TITLE . POSITION)."
  (let (items)
    (while (and headers (> (car (car headers)) level))
      (pcase-let ((`(,header-level ,title . ,pos) (pop headers)))
        (let ((sub (guide--header-tree headers header-level)))
          (setq headers (cdr sub))
          (push (if (car sub)
                    (cons title (cons (cons title pos) (car sub)))
                  (cons title pos))
                items))))
    (cons (nreverse items) headers)))

(defun guide-imenu-create-index ()
  "Imenu index of the headers outside code blocks: the chapter/section tree."
  (car (guide--header-tree (guide--headers) 0)))

;;;; Project and language server

(defvar eglot-server-programs)
(defvar eglot-stay-out-of)

(defun guide-project (dir)
  "A transient project rooted at the guide book holding DIR (for project.el/Eglot)."
  (let ((root (guide-book-root (expand-file-name "x" dir))))
    (and root (cons 'transient (expand-file-name root)))))

(defun guide--server-contact (&rest _)
  "The server command, read when Eglot connects."
  guide-bookmarks-ls-command)

(defconst guide--eglot-server-program
  '(((guide-mode :language-id "zguide")
     (guide-bookmarks-mode :language-id "zguide-bookmarks"))
    . guide--server-contact)
  "The `eglot-server-programs' entry of both modes: one server for a book's files.")

(defun guide--default-value (symbol)
  "The global value of SYMBOL, nil while the package defining it is not loaded."
  (and (default-boundp symbol) (default-value symbol)))

;;;; Completion

;; After `[#' the server answers the anchors whose name or title holds what was typed:
;; `[#Lazy' gets Client-Side-Reliability-Lazy-Pirate-Pattern.  Eglot 1.9 (completion
;; category `eglot') keeps only the candidates whose filterText starts with the input, and
;; the default styles then rewrite `[#Lazy' to a common part such as `[#-Lazy-P'.  In the
;; modes' buffers the style `guide-filter-text' keeps every candidate whose filterText (the
;; name and title the server matched) holds the input, in the server's order (sortText).

(defun guide--filter-text (candidate)
  "The text CANDIDATE is matched against: its LSP item's filterText, else itself."
  (or (plist-get (get-text-property 0 'eglot--lsp-item candidate) :filterText)
      candidate))

(defun guide--filter-text-candidates (string table pred)
  "Return the candidates of TABLE and PRED with STRING in their filter text.
Case is ignored, as the server ignores it.
They are copies: inserting a candidate strips its properties, and Eglot finds
a candidate's LSP item (and its textEdit) on its own strings."
  (let ((case-fold-search t)
        (regexp (regexp-quote string)))
    (mapcar #'copy-sequence
            (seq-filter (lambda (candidate) (string-match-p regexp (guide--filter-text candidate)))
                        (all-completions "" table pred)))))

(defun guide--filter-text-try-completion (string table pred point)
  "The `try-completion' of the style `guide-filter-text'.
STRING at POINT is completed from TABLE and PRED: a sole candidate completes,
several leave STRING as it is, to choose from."
  (let ((candidates (guide--filter-text-candidates string table pred)))
    (cond ((null candidates) nil)
          ((cdr candidates) (cons string point))
          ((equal (car candidates) string) t)
          (t (cons (car candidates) (length (car candidates)))))))

(defun guide--filter-text-all-completions (string table pred _point)
  "The `all-completions' of the style `guide-filter-text'.
The candidates of TABLE and PRED for STRING replace all of STRING (base
size 0)."
  (let ((candidates (guide--filter-text-candidates string table pred)))
    (and candidates (nconc candidates 0))))

(add-to-list 'completion-styles-alist
             '(guide-filter-text guide--filter-text-try-completion guide--filter-text-all-completions
               "Candidates whose LSP filterText holds the input anywhere, ignoring case."))

(defun guide--setup-book-buffer ()
  "Make the current buffer's project the book and its server bookmarks-ls.
Everything is buffer-local: other buffers keep their projects and servers.
Eglot stays out of imenu, which keeps the header tree of
`guide-imenu-create-index' (Eglot 1.9 groups the symbols by kind).
Eglot's completions (category `eglot') use the style `guide-filter-text'."
  (add-hook 'project-find-functions #'guide-project nil t)
  (setq-local eglot-server-programs
              (cons guide--eglot-server-program (guide--default-value 'eglot-server-programs)))
  (setq-local eglot-stay-out-of (cons 'imenu (guide--default-value 'eglot-stay-out-of)))
  (setq-local completion-category-overrides
              (cons '(eglot (styles guide-filter-text)) completion-category-overrides)))

;;;; Modes

(defvar guide-mode-syntax-table
  (let ((st (make-syntax-table text-mode-syntax-table)))
    (modify-syntax-entry ?\[ "(]" st)
    (modify-syntax-entry ?\] ")[" st)
    (modify-syntax-entry ?{ "(}" st)
    (modify-syntax-entry ?} "){" st)
    (modify-syntax-entry ?- "_" st)
    (modify-syntax-entry ?\" "\"" st)
    st)
  "Syntax table for `guide-mode'.")

;;;###autoload
(define-derived-mode guide-mode text-mode "Guide"
  "Major mode for the source files of a guide book (the ZeroMQ Guide format).
Language server: bookmarks-ls, through Eglot (see `guide-bookmarks-ls-command')."
  :syntax-table guide-mode-syntax-table
  (setq-local comment-start ".- ")
  (setq-local comment-start-skip "^\\.-[ \t]*")
  (setq-local comment-end "")
  (setq-local font-lock-defaults '(guide-font-lock-keywords t))
  (setq-local font-lock-multiline t)
  (add-hook 'font-lock-extend-region-functions #'guide--extend-region nil t)
  (setq-local imenu-create-index-function #'guide-imenu-create-index)
  (setq-local outline-regexp "\\++[ \t]")
  (setq-local outline-level (lambda () (- (match-end 0) (match-beginning 0) 1)))
  (guide--setup-book-buffer))

(defconst guide-bookmarks-font-lock-keywords
  '(("^\\([^ \t\n]+\\)\\(?:[ \t]\\(.*?\\)\\(|[^|\n]*\\)?\\)?\r?$"
     (1 font-lock-constant-face) (2 font-lock-string-face nil t) (3 font-lock-type-face nil t))
    ("\r$" 0 'trailing-whitespace t))
  "Font-lock keywords for `guide-bookmarks-mode'.")

;;;###autoload
(define-derived-mode guide-bookmarks-mode text-mode "Bookmarks"
  "Major mode for the anchor caches of a guide book.
`.bookmarks' holds ANCHOR TITLE lines, `site/.bookmarks' ANCHOR TITLE|DOCUMENT."
  (setq-local font-lock-defaults '(guide-bookmarks-font-lock-keywords t))
  (setq-local require-final-newline t)
  (setq-local imenu-generic-expression '((nil "^\\([^ \t\n]+\\)" 1)))
  (guide--setup-book-buffer))

;;;; Which files get the modes

(defun guide--other-mode (file)
  "The mode `auto-mode-alist' gives FILE without the entries of this package."
  (let* ((case-fold-search nil)
         (alist (seq-remove (lambda (entry) (eq (cdr-safe entry) 'guide-mode-maybe))
                            auto-mode-alist))
         (mode (assoc-default (file-name-sans-versions file) alist #'string-match)))
    (if (and mode (symbolp mode) (fboundp mode)) mode #'text-mode)))

;;;###autoload
(defun guide-mode-maybe ()
  "Use `guide-mode' for a guide file of a book.
Any other file gets the mode the rest of `auto-mode-alist' gives it."
  (if (and buffer-file-name (guide-file-p buffer-file-name))
      (guide-mode)
    (funcall (guide--other-mode (or buffer-file-name (buffer-name))))))

;;;###autoload
(defun guide-mode-listed-file-p ()
  "Non-nil when the current buffer visits a .txt file its book lists.
The lists are zguide.book, bookmarks-ls.toml and the driver scripts in bin/.
For `magic-mode-alist': the file names `guide-mode-file-name-regexp' matches
are left to `auto-mode-alist'."
  (and buffer-file-name
       (string-suffix-p ".txt" buffer-file-name)
       (not (string-match-p guide-mode-file-name-regexp buffer-file-name))
       (guide-file-p buffer-file-name)))

;;;###autoload
(add-to-list 'auto-mode-alist '("/\\.bookmarks\\'" . guide-bookmarks-mode))
;;;###autoload
(add-to-list 'auto-mode-alist (cons guide-mode-file-name-regexp #'guide-mode-maybe))
;;;###autoload
(add-to-list 'magic-mode-alist '(guide-mode-listed-file-p . guide-mode))

;; lsp-mode users: see editors/emacs/README.md.

(provide 'guide-mode)
;;; guide-mode.el ends here
