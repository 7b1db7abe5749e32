;;; guide-mode-test.el --- ERT tests of guide-mode.el without a server  -*- lexical-binding: t; -*-
;; SPDX-License-Identifier: MIT
;; emacs --batch -L editors/emacs -l test/guide-mode-test.el -f ert-run-tests-batch-and-exit
;; Each test that depends on what Emacs loads before guide-mode runs a fresh `emacs --batch'
;; (`gmt-emacs'), as a user's session starts; the others run in this process.

(require 'cl-lib)
(require 'ert)
(require 'subr-x)

(defconst gmt-lisp-dir
  (file-name-directory (directory-file-name (file-name-directory (or load-file-name buffer-file-name))))
  "editors/emacs/, where guide-mode.el is.")

(defun gmt-write-tree (root files)
  "Write FILES, a list of (RELATIVE-PATH . TEXT), under ROOT."
  (pcase-dolist (`(,rel . ,text) files)
    (let ((f (expand-file-name rel root)))
      (make-directory (file-name-directory f) t)
      (with-temp-file f (insert text)))))

(defmacro gmt-with-tree (var files &rest body)
  "Run BODY with VAR a fresh temporary folder holding FILES (see `gmt-write-tree')."
  (declare (indent 2))
  `(let ((,var (file-name-as-directory (make-temp-file "guide-mode-test" t))))
     (unwind-protect (progn (gmt-write-tree ,var ,files) ,@body)
       (delete-directory ,var t))))

(defun gmt-git-init (dir)
  "Make DIR a Git repository."
  (let ((default-directory dir))
    (unless (zerop (call-process "git" nil nil nil "init" "-q"))
      (error "git init failed in %s" dir))))

(defun gmt-emacs (&rest forms)
  "Run FORMS in a fresh `emacs --batch', as a user's session starts.
Returns (EXIT-CODE . STDOUT); FORMS print what the test checks with `princ'.
Stderr goes to *Messages* when the exit code is not 0."
  (let ((err (make-temp-file "gmt-stderr")))
    (unwind-protect
        (with-temp-buffer
          (let ((code (apply #'call-process (expand-file-name invocation-name invocation-directory)
                             nil (list t err) nil "--batch"
                             "--eval" (format "(setq user-emacs-directory %S)"
                                              (file-name-as-directory (make-temp-file "gmt-home" t)))
                             (mapcan (lambda (f) (list "--eval" (prin1-to-string f))) forms))))
            (unless (eql code 0)
              (message "emacs --batch exited %s:\n%s" code
                       (with-temp-buffer (insert-file-contents err) (buffer-string))))
            (cons code (buffer-string))))
      (delete-file err))))

(defun gmt-mode-of (file)
  "The major mode FILE opens in (its buffer is killed after)."
  (let ((buf (find-file-noselect file)))
    (prog1 (buffer-local-value 'major-mode buf) (kill-buffer buf))))

(defconst gmt-book
  '(("book/chapter1.txt" . "+ Knots\n\n++ Square knot\n\n+++ Tying it\n\n++ Bowline\n\n+ Splices\n")
    ("book/.bookmarks" . "knots Knots\n")
    ("book/site/.bookmarks" . "knots Knots|knots\n")
    ("book/src/main.c" . "int main;\n"))
  "A small book inside a Git repository.")

;;;; project.el keeps finding Git projects

(ert-deftest guide-mode-test-require-keeps-vc-project ()
  "After (require \\='guide-mode), a file outside every book still has its Git project."
  (gmt-with-tree dir '(("repo/main.go" . "package main\n") ("repo/doc/notes.txt" . "notes\n"))
    (gmt-git-init (expand-file-name "repo" dir))
    (let ((got (gmt-emacs
                '(package-activate-all)
                `(add-to-list 'load-path ,gmt-lisp-dir)
                '(require 'guide-mode)
                '(require 'project)
                `(dolist (f '("repo/main.go" "repo/doc/notes.txt"))
                   (with-current-buffer (find-file-noselect (expand-file-name f ,dir))
                     (let ((pr (project-current)))
                       (princ (format "%s %s %s\n" f (car pr) (and pr (project-root pr))))))))))
      (should (equal got (cons 0 (format "repo/main.go vc %srepo/\nrepo/doc/notes.txt vc %srepo/\n"
                                         dir dir)))))))

(ert-deftest guide-mode-test-book-project-is-the-book ()
  "A book's files and both bookmark files have the book folder as project, inside Git too."
  (gmt-with-tree dir gmt-book
    (gmt-git-init dir)
    (let ((got (gmt-emacs
                '(package-activate-all)
                `(add-to-list 'load-path ,gmt-lisp-dir)
                '(require 'guide-mode)
                `(dolist (f '("book/chapter1.txt" "book/.bookmarks" "book/site/.bookmarks" "book/src/main.c"))
                   (with-current-buffer (find-file-noselect (expand-file-name f ,dir))
                     (let ((pr (project-current)))
                       (princ (format "%s %s %s %s\n" f major-mode (car pr)
                                      (and pr (file-relative-name (project-root pr) ,dir))))))))))
      (should (equal got (cons 0 (concat "book/chapter1.txt guide-mode transient book/\n"
                                         "book/.bookmarks guide-bookmarks-mode transient book/\n"
                                         "book/site/.bookmarks guide-bookmarks-mode transient book/\n"
                                         "book/src/main.c c-mode vc ./\n")))))))

(ert-deftest guide-mode-test-installed-package ()
  "Installed with package.el, the autoloads alone give the modes and keep project.el working."
  (gmt-with-tree dir (append '(("repo/main.go" . "package main\n")) gmt-book)
    (gmt-git-init (expand-file-name "repo" dir))
    (let* ((elpa (expand-file-name "elpa" dir))
           (install (gmt-emacs
                     `(setq package-user-dir ,elpa)
                     '(package-initialize)
                     `(package-install-file ,(expand-file-name "guide-mode.el" gmt-lisp-dir))
                     '(princ "installed\n")))
           (got (gmt-emacs
                 `(setq package-user-dir ,elpa)
                 '(package-activate-all)
                 `(dolist (f '("repo/main.go" "book/chapter1.txt" "book/site/.bookmarks"))
                    (with-current-buffer (find-file-noselect (expand-file-name f ,dir))
                      (let ((pr (project-current)))
                        (princ (format "%s %s %s %s\n" f major-mode (car pr)
                                       (and pr (file-relative-name (project-root pr) ,dir))))))))))
      (should (equal install '(0 . "installed\n")))
      (should (equal got (cons 0 (concat "repo/main.go fundamental-mode vc repo/\n"
                                         "book/chapter1.txt guide-mode transient book/\n"
                                         "book/site/.bookmarks guide-bookmarks-mode transient book/\n")))))))

;;;; auto-mode-alist: the guide files, not every .txt

(ert-deftest guide-mode-test-other-txt-files-keep-their-modes ()
  "CMakeLists.txt and requirements.txt keep the modes their packages give them, in a book too."
  (gmt-with-tree dir (append '(("proj/CMakeLists.txt" . "project(x)\n")
                               ("proj/requirements.txt" . "requests==2.0\n")
                               ("book/CMakeLists.txt" . "project(x)\n")
                               ("book/requirements.txt" . "requests==2.0\n"))
                             gmt-book)
    (let ((got (gmt-emacs
                '(package-activate-all)
                `(add-to-list 'load-path ,gmt-lisp-dir)
                '(require 'guide-mode)
                `(dolist (f '("proj/CMakeLists.txt" "proj/requirements.txt"
                              "book/CMakeLists.txt" "book/requirements.txt" "book/chapter1.txt"))
                   (princ (format "%s %s\n" f (with-current-buffer
                                                  (find-file-noselect (expand-file-name f ,dir))
                                                major-mode)))))))
      (should (equal got (cons 0 (concat "proj/CMakeLists.txt cmake-mode\n"
                                         "proj/requirements.txt pip-requirements-mode\n"
                                         "book/CMakeLists.txt cmake-mode\n"
                                         "book/requirements.txt pip-requirements-mode\n"
                                         "book/chapter1.txt guide-mode\n")))))))

(ert-deftest guide-mode-test-guide-files ()
  "The guide files of the server's rule open in guide-mode, other .txt files as before."
  (gmt-with-tree dir
      '(("book/chapter1.txt" . "+ A\n") ("book/part1.txt" . "+ P\n") ("book/preface_web.txt" . "+ W\n")
        ("book/postface.txt" . "+ Z\n") ("book/wip.txt" . "+ Wip\n") ("book/xl8n/kr/intro.txt" . "+ K\n")
        ("book/notes.txt" . "notes\n") ("book/README.txt" . "readme\n")
        ("loose/preface.txt" . "not a book\n") ("loose/postface.txt" . "not a book\n")
        ("listed/zguide.book" . "TITLE=Knots\n# content\n./intro.txt\n")
        ("listed/intro.txt" . "+ Intro\n") ("listed/notes.txt" . "notes\n")
        ("driven/bin/buildguide" . "#!/bin/bash\nBOOK_LANG=C bin/mkwikidot \\\n    front.txt > log.txt\n")
        ("driven/front.txt" . "+ Front\n")
        ("configured/bookmarks-ls.toml" . "[[run]]\ntool = \"mkwikidot\"\nfiles = [\"parts/one.txt\"]\n")
        ("configured/parts/one.txt" . "+ One\n")
        ("site-only/site/.bookmarks" . "a A|a\n") ("site-only/site/intro.txt" . "+ not a guide file\n"))
    (dolist (want '(("book/chapter1.txt" . guide-mode) ("book/part1.txt" . guide-mode)
                    ("book/preface_web.txt" . guide-mode) ("book/postface.txt" . guide-mode)
                    ("book/wip.txt" . guide-mode) ("book/xl8n/kr/intro.txt" . guide-mode)
                    ("book/notes.txt" . text-mode) ("book/README.txt" . text-mode)
                    ("loose/preface.txt" . text-mode) ("loose/postface.txt" . text-mode)
                    ("listed/intro.txt" . guide-mode) ("listed/notes.txt" . text-mode)
                    ("driven/front.txt" . guide-mode) ("configured/parts/one.txt" . guide-mode)
                    ("site-only/site/.bookmarks" . guide-bookmarks-mode)
                    ("site-only/site/intro.txt" . text-mode)))
      (should (equal (cons (car want) (gmt-mode-of (expand-file-name (car want) dir))) want)))
    ;; site/.bookmarks marks the folder above, never site/ itself (analysis.BookDirs)
    (should (equal (guide-book-root (expand-file-name "site-only/site/intro.txt" dir))
                   (expand-file-name "site-only/" dir)))))

;;;; imenu: the section tree

(ert-deftest guide-mode-test-imenu-section-tree ()
  "The imenu index nests sections under their chapter; headers in code blocks are not in it."
  (with-temp-buffer
    (insert "++ Before any chapter\n"
            "+ Knots\n"
            "++ Square knot\n"
            "+++ Tying it\n"
            "[[code]]\n+ not a header\n[[/code]]\n"
            "++ Bowline\n"
            "+ Splices\n"
            "+++ Eye splice\n")
    (guide-mode)
    (let ((pos (lambda (title)
                 (save-excursion (goto-char (point-min))
                                 (search-forward (concat " " title "\n"))
                                 (line-beginning-position 0)))))
      (should (equal (funcall imenu-create-index-function)
                     `(("Before any chapter" . ,(funcall pos "Before any chapter"))
                       ("Knots" ("Knots" . ,(funcall pos "Knots"))
                        ("Square knot" ("Square knot" . ,(funcall pos "Square knot"))
                         ("Tying it" . ,(funcall pos "Tying it")))
                        ("Bowline" . ,(funcall pos "Bowline")))
                       ("Splices" ("Splices" . ,(funcall pos "Splices"))
                        ("Eye splice" . ,(funcall pos "Eye splice")))))))))

;;;; completion: the style of Eglot's candidates

(ert-deftest guide-mode-test-completion-style ()
  "Guide buffers complete Eglot's candidates by filter text anywhere, other buffers as before."
  (with-temp-buffer
    (guide-mode)
    (should (equal (assq 'eglot completion-category-overrides) '(eglot (styles guide-filter-text))))
    ;; the style on candidates without an LSP item: the candidate is its filter text
    (let ((table '("Client-Side-Reliability-Lazy-Pirate-Pattern" "The-Lazy-Perfectionist" "sockets"))
          (completion-styles '(guide-filter-text)))
      (should (equal (completion-all-completions "lazy" table nil 4)
                     '("Client-Side-Reliability-Lazy-Pirate-Pattern" "The-Lazy-Perfectionist" . 0)))
      (should (equal (completion-try-completion "lazy" table nil 4) '("lazy" . 4)))
      (should (equal (completion-try-completion "ock" table nil 3) '("sockets" . 7)))
      (should (eq (completion-try-completion "sockets" table nil 7) t))
      (should-not (completion-try-completion "knot" table nil 4))))
  (with-temp-buffer
    (text-mode)
    (should-not (assq 'eglot completion-category-overrides))))

(provide 'guide-mode-test)
;;; guide-mode-test.el ends here
