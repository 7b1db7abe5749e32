package analysis

// symbols.go reports the symbols of a text line the build cannot expand:
// undefined ones and the broken %(X?default) form.

// symbolUses reports undefined symbols and the broken %(X?d) form.
func (r *run) symbolUses(fi int, syms []SymbolUse) {
	b := r.b
	syn := b.Files[fi].Syntax
	for _, u := range syms {
		name := syn.Text(u.Name)
		at := b.loc(fi, u.Line, u.Span)
		switch {
		case u.Env && u.HasDefault:
			r.diag(at, SevWarning, DiagBrokenEnvDefault,
				"%(NAME?default) always expands to nothing (a bug of the tools); use $(NAME?default) or %(NAME)")
		case u.Env || u.HasDefault:
		default:
			if _, ok := r.symbols[name]; !ok {
				r.diag(at, SevError, DiagUndefinedSymbol,
					"undefined symbol \""+name+"\": no .set "+name+"= comes before it, so the build prints UNDEF; set it earlier")
			}
		}
	}
}
