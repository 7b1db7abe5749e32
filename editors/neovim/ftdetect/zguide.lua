-- SPDX-License-Identifier: MIT
-- Guide-book filetypes: `zguide` for the book's chapter/part/preface/postface .txt files, the
-- files the book lists and xl8n/**/*.txt, `zguide-bookmarks` for .bookmarks. Set directly, so
-- a guide file never gets FileType text first (see register_filetypes in lua/bookmarks_ls.lua).
require('bookmarks_ls').register_filetypes()
