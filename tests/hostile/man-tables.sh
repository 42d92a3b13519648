# The man writer keeps every table: each cell's text comes out of
# `groff -t -man -Tutf8 -ww`, and groff says nothing. Cells that end in
# code, bold or a link once closed a text block with "T}\fR", which tbl
# does not take for the end of the block: the table swallowed the rows
# after it or vanished, and a font change leaked into the next cell.
# Checked on tables made for it, on the corpus and, when nodejs-doc is
# installed, on Debian's Node.js API docs.
. "$(dirname "$0")/../lib.sh"
cd "$QUIRE_TMP" || exit 1

# check.py TREE GROFF_OUTPUT: the tables of quire's tree, each cell's text
# as the man writer shows it, against the boxes groff drew (allbox), cell
# by cell, spaces and hyphenation ignored.
cat > check.py <<'PY'
# check.py TREE GROFF_OUT NAME: every table of the tree must be in groff's
# output with every cell's text.
import re, sys, unicodedata

def unquote(s):
    out, i = [], 1
    while i < len(s) - 1:
        c = s[i]
        if c == '\\':
            n = s[i + 1]
            if n == 'n': out.append('\n'); i += 2
            elif n == 't': out.append('\t'); i += 2
            elif n == 'x': out.append(chr(int(s[i + 2:i + 4], 16))); i += 4
            else: out.append(n); i += 2
        else:
            out.append(c); i += 1
    return ''.join(out)

def parse_tree(path):
    root = {'kind': 'root', 'kids': [], 'attrs': ''}
    stack = [(-1, root)]
    for line in open(path, encoding='utf-8'):
        line = line.rstrip('\n')
        if not line or line.startswith('meta '):
            continue
        depth = (len(line) - len(line.lstrip(' '))) // 2
        body = line.lstrip(' ')
        kind, _, attrs = body.partition(' ')
        node = {'kind': kind, 'kids': [], 'attrs': attrs}
        while stack[-1][0] >= depth:
            stack.pop()
        stack[-1][1]['kids'].append(node)
        stack.append((depth, node))
    return root

def attr(node, name):
    m = re.search(r'(?:^| )' + name + r'=("(?:[^"\\]|\\.)*"|\S+)', node['attrs'])
    if not m: return None
    v = m.group(1)
    return unquote(v) if v.startswith('"') else v

def literal(node):
    m = re.search(r'("(?:[^"\\]|\\.)*")$', node['attrs'])
    return unquote(m.group(1)) if m else ''

def plain(node):
    k = node['kind']
    if k in ('text', 'code'): return literal(node)
    if k in ('soft_break', 'hard_break'): return ' '
    if k == 'html_inline': return ''
    if k == 'footnote_ref':
        n = attr(node, 'number')
        return '[%s]' % n if n and n != '0' else ''
    return ''.join(plain(c) for c in node['kids'])

def shown(node):
    # The man writer's text of an inline: a link's address follows its
    # text unless the text is the address or it points inside.
    k = node['kind']
    if k == 'link':
        s = ''.join(shown(c) for c in node['kids'])
        url, text = attr(node, 'url'), plain(node)
        if url and not url.startswith('#') and text != url and \
           not (url.startswith('mailto:') and text == url[7:]):
            s += ' <' + url + '>'
        return s
    if k in ('text', 'code', 'soft_break', 'hard_break', 'html_inline', 'footnote_ref'):
        return plain(node)
    return ''.join(shown(c) for c in node['kids'])

def tables(node, acc):
    if node['kind'] == 'table':
        acc.append([[shown(c) for c in row['kids']] for row in node['kids']])
    else:
        for c in node['kids']:
            tables(c, acc)
    return acc

def norm(s):
    s = ''.join(ch for ch in s if ord(ch) >= 0x20 and ord(ch) != 0x7f)
    return re.sub(r'[\s\u2010]', '', s)

def cols(line):
    # One list item a display column (a wide character takes two).
    out = []
    for ch in line:
        out.append(ch)
        if unicodedata.east_asian_width(ch) in ('W', 'F'):
            out.append('')
    return out

def groff_tables(path):
    # tbl's boxes: a top rule, rows of cells between vertical rules at the
    # columns the top rule's corners and joints give, rules between rows,
    # a bottom rule. Anything else drawn with box characters (a code
    # block's art) does not line up and is not a table.
    text = open(path, encoding='utf-8', errors='replace').read()
    text = re.sub(r'\x1b\[[0-9;]*m', '', text)
    text = re.sub(r'.\x08', '', text)
    lines = [cols(l.rstrip()) for l in text.split('\n')]
    found, i = [], 0
    while i < len(lines):
        top = ''.join(lines[i]).strip()
        if not re.fullmatch(r'┌[─┬]*┐', top):
            i += 1
            continue
        at = [k for k, ch in enumerate(lines[i]) if ch in '┌┬┐']
        rows, row, j, ok = [], None, i + 1, False
        while j < len(lines):
            l = lines[j] + [' '] * (at[-1] + 1 - len(lines[j]))
            marks = ''.join(l[k] for k in at)
            if re.fullmatch(r'├┼*┤', marks):
                if row is not None: rows.append(row)
                row = None
            elif re.fullmatch(r'└┴*┘', marks):
                if row is not None: rows.append(row)
                ok = True
                break
            elif re.fullmatch(r'│+', marks):
                parts = [''.join(l[a + 1:b]) for a, b in zip(at, at[1:])]
                row = parts if row is None else [x + ' ' + y for x, y in zip(row, parts)]
            else:
                break
            j += 1
        if ok:
            found.append(rows)
            i = j + 1
        else:
            i += 1
    return found

tree, out, name = sys.argv[1:4]
want = tables(parse_tree(tree), [])
got = groff_tables(out)
bad = 0
if len(want) != len(got):
    print('%s: %d tables in the document, %d in groff\'s output' % (name, len(want), len(got)))
    bad += 1
for t, (w, g) in enumerate(zip(want, got)):
    problems = []
    if len(w) != len(g):
        problems.append('%d rows, %d in the output' % (len(w), len(g)))
    for r, (wr, gr) in enumerate(zip(w, g)):
        wr = wr + [''] * (len(gr) - len(wr)) if len(gr) > len(wr) else wr
        for c, wc in enumerate(wr):
            gc = gr[c] if c < len(gr) else '<<missing>>'
            if norm(wc) != norm(gc):
                problems.append('row %d cell %d: %r, output %r' % (r + 1, c + 1, wc, gc.strip()))
    if problems:
        bad += 1
        print('%s: table %d: %s' % (name, t + 1, '; '.join(problems[:3])))
print('%s: %d tables, %d bad' % (name, len(want), bad), file=sys.stderr)
sys.exit(1 if bad else 0)
PY

# tables FILE: converts FILE (Markdown) to man and checks what groff makes
# of its tables.
tables() {
  local file=$1 name
  name=$(basename "$file")
  if ! "$QUIRE" -q -t man "$file" -o "$name.man" || ! "$QUIRE" -q -t tree "$file" -o "$name.tree"; then
    fail "$name: quire exited $?"
    return
  fi
  groff -t -man -Tutf8 -ww "$name.man" > "$name.out" 2> "$name.err"
  if [ -s "$name.err" ]; then fail "$name: groff warns:"; head -5 "$name.err" | sed 's/^/  /' >&2; else pass; fi
  if python3 check.py "$name.tree" "$name.out" "$name" > "$name.bad" 2> /dev/null; then pass; else
    fail "$name: tables lost or damaged:"; head -5 "$name.bad" | cut -c1-300 | sed 's/^/  /' >&2
  fi
}

cat > styles.md <<'MD'
Narrow, cells ending in styles:

| Name | Kind | Where |
|---|---|---|
| a `code` | **bold** | *emph* |
| ***both*** | `x`**y** | T} |

Narrow, links at cell ends:

| Name | Where |
|---|---|
| [`api()`](https://example.com/api) | <https://example.org/x> |

Wide, cells ending in styles (text blocks):

| Option | Default | Meaning | Notes |
|---|---|---|---|
| `--columns` | `72` | The width of the text output in display columns, counting wide characters twice, as `wcwidth` does | Applies to the plain text writer only; see **txt** |
| `--paper` | *a4* | The paper size of the PDF, by name or as width by height with a unit, see [the manual](https://example.com/docs/manual/paper-sizes-and-units.html) | Letter and legal are the American sizes [`paper`](https://example.com/p) |
| `dns.resolve4()` | **A** | IPv4 addresses (default) | `{string}` |
| `dns.resolve6()` | ***AAAA*** | IPv6 addresses | `{string}` |

Many columns, words longer than their column:

| Algorithm | `generateKey` | `exportKey` | `importKey` | `encrypt` | `decrypt` | `wrapKey` | `unwrapKey` | `deriveBits` | `deriveKey` | `sign` | `verify` | `digest` |
|---|---|---|---|---|---|---|---|---|---|---|---|---|
| `'RSASSA-PKCS1-v1_5'` | ✔ | ✔ | ✔ | | | | | | | ✔ | ✔ | |
| `'AES-GCM'` | ✔ | ✔ | ✔ | ✔ | ✔ | ✔ | ✔ | | | | | `x` |

A word longer than the line:

| Value | Name | Constant |
|---|---|---|
| `0x01` | Protocol Error | `http2.constants.NGHTTP2_PROTOCOL_ERROR_THAT_IS_LONGER_THAN_ANY_LINE_OF_A_MANUAL` |

- In a list item:

  | Option | Meaning | Notes |
  |---|---|---|
  | `--toc` | Add a table of contents where the format has one, with links | Applies to **EPUB**, **HTML** and **PDF** |

> In a quote:
>
> | Option | Meaning | Notes |
> |---|---|---|
> | `--toc` | Add a table of contents where the format has one, with links | Applies to **EPUB**, **HTML** and **PDF** |
MD
tables styles.md
# The checker itself: a table tbl never drew is missed.
printf '| a | b |\n|---|---|\n| 1 | 2 |\n' > one.md
"$QUIRE" -q -t tree one.md -o one.tree
printf 'no table here\n' > none.out
check "the checker sees a lost table" sh -c '! python3 check.py one.tree none.out one > /dev/null 2>&1'

for input in "$QUIRE_SRC"/tests/corpus/*.md; do
  grep -q '^ *|' "$input" && tables "$input"
done

# Debian's Node.js API docs (package nodejs-doc), plain or gzipped.
node=/usr/share/doc/nodejs/api
if ls "$node"/*.md "$node"/*.md.gz > /dev/null 2>&1; then
  mkdir -p node
  for f in "$node"/*.md "$node"/*.md.gz; do
    [ -e "$f" ] || continue
    case $f in
      *.gz) gzip -dc "$f" > "node/$(basename "$f" .gz)" ;;
      *) cp "$f" node/ ;;
    esac
  done
  for f in node/*.md; do
    grep -q '^ *|' "$f" && tables "$f"
  done
else
  echo "nodejs-doc is not installed: its tables not checked"
fi
finish
