" SPDX-License-Identifier: MIT
" Vim syntax file
" Language:    guide book (the ZeroMQ Guide's plain-text source format)
" Filenames:   chapterN.txt, partN.txt, preface*.txt, postface.txt, xl8n/**/*.txt
" Maintainer:  bookmarks-ls
if exists('b:current_syntax')
  finish
endif

syn case match

" Inline markup (text lines only)
syn match  zguideReference  /\[#\S\+\]/
syn match  zguideSymbol     /[$%](\w\+\%(?[^)]*\)\=)/
syn match  zguideManPage    /\<zmq_\w\+\[\d\]/
syn match  zguideFigure     /\[figure\]/
syn match  zguideLink       /\[\%(https\=:\/\/\|\/\)[^ \]]\+\s[^\]]*\]/
syn match  zguideEmail      /<[^ <>@]\+@[^ <>@]\+>/
syn region zguideItalic     start=+\%(:\)\@<!//\ze\S+ end=+\S\zs//+ oneline keepend
syn region zguideBold       start=+\*\*\ze\S+ end=+\S\zs\*\*+ oneline keepend
syn region zguideMono       start=+{{+ end=+}}+ oneline keepend
syn region zguideFootnote   start=+\[\[footnote\]\]+ end=+\[\[/footnote\]\]+ oneline keepend contains=zguideReference,zguideSymbol,zguideItalic,zguideBold,zguideMono
syn match  zguideListItem   /^\%([*#>]\)\s/

" Headers: one or more '+' in column 0, then blanks (level = number of '+')
syn match  zguideHeader1    /^+\s.*$/  contains=zguideSymbol
syn match  zguideHeader2    /^++\s.*$/ contains=zguideSymbol
syn match  zguideHeader3    /^+++\+\s.*$/ contains=zguideSymbol

" Directives: every line starting with '.' (first match wins, as in the tools)
syn match  zguideIllegal    /^\..*$/
syn match  zguideDirective  /^\.\%(set\|output\|prelude\|inbook\|filter\)\s\+\ze\w/ nextgroup=zguideDirArg
syn match  zguideDirective  /^\.end.*$/
syn match  zguideDirective  /^\.bookmark\s\+\w.*$/ contains=zguideBookmarkName
syn match  zguideDirArg     /.*$/ contained contains=zguideSetName
syn match  zguideSetName    /\w\+\ze=/ contained
syn match  zguideBookmarkName /\s\zs\w.*$/ contained
syn match  zguideComment    /^\.-.*$/ contains=@Spell

" Code blocks: from an opener the tools (mkwikidot, mkdocbook) accept to the next [[/code]].
" Any other [[code line is 'E: unparsed code block' and the lines after it are ordinary lines.
syn match  zguideUnparsedCode /\[\[code.*$/
syn region zguideCode matchgroup=zguideCodeDelim start=/\[\[code\%(\]\]\|\s\+language=".\+"\]\]\|\s\+type="example"\s\+title="[^"]\+"\s\+name="[^"]\+"\%(\s\+language="[^"]\+"\)\=\]\]\| type="textdiagram"\s\+title="[^"]\+"\]\]\|\s\+type="fragment"\s\+name="[^"]\+"\%([^\]]*\]\]\)\=\)/ end=/\[\[\/code\]\]/ keepend contains=@NoSpell

" A code block can be long and can even run into the next file: parse from the start
syn sync fromstart

hi def link zguideHeader1      Title
hi def link zguideHeader2      Title
hi def link zguideHeader3      Statement
hi def link zguideDirective    PreProc
hi def link zguideDirArg       String
hi def link zguideSetName      Identifier
hi def link zguideBookmarkName Label
hi def link zguideComment      Comment
hi def link zguideIllegal      Error
hi def link zguideReference    Underlined
hi def link zguideSymbol       Identifier
hi def link zguideManPage      Underlined
hi def link zguideFigure       Special
hi def link zguideLink         Underlined
hi def link zguideEmail        Underlined
hi def link zguideCode         String
hi def link zguideCodeDelim    Delimiter
hi def link zguideUnparsedCode Error
hi def link zguideListItem     Delimiter
hi def link zguideFootnote     Special
hi def zguideItalic term=italic cterm=italic gui=italic
hi def zguideBold   term=bold cterm=bold gui=bold
hi def link zguideMono         Constant

let b:current_syntax = 'zguide'
