" SPDX-License-Identifier: MIT
" Vim syntax file
" Language:    guide-book bookmark cache (.bookmarks: `ANCHOR TITLE`; site/.bookmarks:
"              `ANCHOR TITLE|DOCUMENT`)
if exists('b:current_syntax')
  finish
endif
syn match zguideBmAnchor   /^\S\+/ nextgroup=zguideBmTitle skipwhite
syn match zguideBmTitle    /.*$/ contained contains=zguideBmDocument
syn match zguideBmDocument /|[^|]*$/ contained
syn match zguideBmCR       /\r$/
hi def link zguideBmAnchor   Identifier
hi def link zguideBmTitle    String
hi def link zguideBmDocument Type
hi def link zguideBmCR       Error
let b:current_syntax = 'zguide-bookmarks'
