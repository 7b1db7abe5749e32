;;; completion.el --- completion at point as a user does it, in batch  -*- lexical-binding: t; -*-
;; SPDX-License-Identifier: MIT
;; Loaded by run.sh before lsp-test.el and day-test.el.

(require 'subr-x)

(defun gt-completions-shown ()
  "The entries of the *Completions* window, in its order."
  (with-selected-window (get-buffer-window "*Completions*")
    (goto-char (point-min))
    (let (seen entries)
      (while (progn (next-completion 1)
                    (and (not (eobp)) (not (memq (point) seen))))
        (push (point) seen)
        (push (get-text-property (point) 'completion--string) entries))
      (nreverse entries))))

(defun gt-complete-first (text tick)
  "Type TEXT over the current line, complete at its end and take the first candidate.
That is `completion-at-point' (\\[completion-at-point]); when several candidates pop up
*Completions*, its first entry is chosen (RET there).  TICK runs the command
loop's hooks (batch mode has no command loop).  Returns (LINE . SHOWN): the
line afterwards and the entries *Completions* showed (nil when it did not pop up)."
  (delete-region (line-beginning-position) (line-end-position))
  (insert text)
  (funcall tick)
  (when (get-buffer "*Completions*") (kill-buffer "*Completions*"))
  (completion-at-point)
  (let ((shown (and (get-buffer-window "*Completions*") (gt-completions-shown))))
    (when shown
      (with-selected-window (get-buffer-window "*Completions*")
        (goto-char (point-min))
        (next-completion 1)
        (choose-completion)))
    (funcall tick)
    (cons (buffer-substring-no-properties (line-beginning-position) (line-end-position)) shown)))

;;; completion.el ends here
