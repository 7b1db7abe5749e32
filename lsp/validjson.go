// validjson.go checks that a message body is JSON before jsonrpc2 reads
// it: jsonrpc2 v1 carries params as balanced but unparsed spans, and a
// body that is not JSON must get a parse error, not an odd params error.

package lsp

// maxJSONDepth is encoding/json's nesting limit: deeper is not valid.
const maxJSONDepth = 10000

// validJSON is encoding/json.Valid(data), the same answer for every input
// (FuzzValidJSON), in one pass without a step function per byte: every
// message is checked, and a didOpen may carry a megabyte. Like
// encoding/json it accepts invalid UTF-8 inside strings.
func validJSON(data []byte) bool {
	var inline [32]byte
	open := inline[:0] // the '{' and '[' that enclose i
	i := skipJSONSpace(data, 0)
	for {
		// A value starts at i.
		if i < 0 || i >= len(data) {
			return false
		}
		switch c := data[i]; c {
		case '{', '[':
			if open = append(open, c); len(open) > maxJSONDepth {
				return false
			}
			i = skipJSONSpace(data, i+1)
			if i < len(data) && data[i] == c+2 { // '}' is '{'+2, ']' is '['+2
				open, i = open[:len(open)-1], i+1
				break
			}
			if c == '{' {
				if i = objectKey(data, i); i < 0 {
					return false
				}
			}
			continue
		case '"':
			i = jsonStringEnd(data, i)
		case 't':
			i = jsonLiteralEnd(data, i, "true")
		case 'f':
			i = jsonLiteralEnd(data, i, "false")
		case 'n':
			i = jsonLiteralEnd(data, i, "null")
		default:
			i = jsonNumberEnd(data, i)
		}
		if i < 0 {
			return false
		}
		// After a value: a comma, the end of containers, or the end.
		for {
			i = skipJSONSpace(data, i)
			if len(open) == 0 {
				return i == len(data)
			}
			if i >= len(data) {
				return false
			}
			top := open[len(open)-1]
			if data[i] == top+2 {
				open, i = open[:len(open)-1], i+1
				continue
			}
			if data[i] != ',' {
				return false
			}
			i = skipJSONSpace(data, i+1)
			if top == '{' {
				i = objectKey(data, i)
			}
			break
		}
	}
}

// objectKey reads `"key" :` at i and returns where the value starts, or -1.
func objectKey(data []byte, i int) int {
	if i >= len(data) || data[i] != '"' {
		return -1
	}
	if i = skipJSONSpace(data, jsonStringEnd(data, i)); i < 0 || i >= len(data) || data[i] != ':' {
		return -1
	}
	return skipJSONSpace(data, i+1)
}

// skipJSONSpace returns the first index from i that is not JSON
// whitespace; a negative i (a failure) stays as it is.
func skipJSONSpace(data []byte, i int) int {
	for i >= 0 && i < len(data) {
		switch data[i] {
		case ' ', '\t', '\n', '\r':
			i++
		default:
			return i
		}
	}
	return i
}

// plainStringByte marks the bytes a JSON string holds as they are: not
// a control character, a quote or a backslash.
var plainStringByte = func() (t [256]bool) {
	for c := 0x20; c < 256; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// jsonStringEnd returns the index after the string that opens at i, or -1.
func jsonStringEnd(data []byte, i int) int {
	for i++; i < len(data); i++ {
		c := data[i]
		if plainStringByte[c] {
			continue
		}
		switch {
		case c == '"':
			return i + 1
		case c != '\\' || i+1 >= len(data):
			return -1 // a control character, or a string cut short
		}
		i++
		switch data[i] {
		case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
		case 'u':
			if i+4 >= len(data) || !isHex(data[i+1]) || !isHex(data[i+2]) || !isHex(data[i+3]) || !isHex(data[i+4]) {
				return -1
			}
			i += 4
		default:
			return -1
		}
	}
	return -1
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// jsonLiteralEnd returns the index after lit at i, or -1.
func jsonLiteralEnd(data []byte, i int, lit string) int {
	if len(data)-i < len(lit) || string(data[i:i+len(lit)]) != lit {
		return -1
	}
	return i + len(lit)
}

// jsonNumberEnd returns the index after the number at i, or -1:
// -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func jsonNumberEnd(data []byte, i int) int {
	if i < len(data) && data[i] == '-' {
		i++
	}
	switch {
	case i < len(data) && data[i] == '0':
		i++
	case i < len(data) && '1' <= data[i] && data[i] <= '9':
		i = digitsEnd(data, i)
	default:
		return -1
	}
	if i < len(data) && data[i] == '.' {
		if i+1 >= len(data) || !isDigit(data[i+1]) {
			return -1
		}
		i = digitsEnd(data, i+1)
	}
	if i < len(data) && (data[i] == 'e' || data[i] == 'E') {
		i++
		if i < len(data) && (data[i] == '+' || data[i] == '-') {
			i++
		}
		if i >= len(data) || !isDigit(data[i]) {
			return -1
		}
		i = digitsEnd(data, i)
	}
	return i
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// digitsEnd returns the index after the digits from i.
func digitsEnd(data []byte, i int) int {
	for i < len(data) && isDigit(data[i]) {
		i++
	}
	return i
}
