/*
 * The C++ shim over GNU source-highlight (see highlight.h). The library
 * highlights by calling a Formatter per element name with the text and its
 * start in the line; ours writes no text, it records (offset, length,
 * class) spans. Language definitions are built once per process and kept:
 * building one parses its .lang files and compiles its regexes, which
 * costs far more than highlighting a block. A built HighlightState is only
 * read while highlighting (each SourceHighlighter keeps its own state
 * stack, and copies a state whose regexes need back-references filled
 * in), so threads share the definitions and each call has its own
 * highlighter and formatters.
 */
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <map>
#include <mutex>
#include <new>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include <srchilite/formatter.h>
#include <srchilite/formattermanager.h>
#include <srchilite/formatterparams.h>
#include <srchilite/highlightrule.h>
#include <srchilite/highlightstate.h>
#include <srchilite/langdefmanager.h>
#include <srchilite/regexrulefactory.h>
#include <srchilite/settings.h>
#include <srchilite/sourcehighlighter.h>

extern "C" {
#include "core/highlight.h"
}

namespace {

/* source-highlight's element names (default.style, and the .lang files
 * quire's aliases reach) and quire's class for each. Names not here
 * (normal, and the rare ones) stay plain. */
const struct {
	const char *elem;
	enum quire_token_class cls;
} elem_classes[] = {
	{"keyword", QUIRE_TOK_KEYWORD},	   {"type", QUIRE_TOK_TYPE},
	{"usertype", QUIRE_TOK_TYPE},	   {"classname", QUIRE_TOK_TYPE},
	{"string", QUIRE_TOK_STRING},	   {"valquote", QUIRE_TOK_STRING},
	{"value", QUIRE_TOK_STRING},	   {"regexp", QUIRE_TOK_SPECIAL},
	{"specialchar", QUIRE_TOK_SPECIAL}, {"comment", QUIRE_TOK_COMMENT},
	{"number", QUIRE_TOK_NUMBER},	   {"preproc", QUIRE_TOK_PREPROC},
	{"symbol", QUIRE_TOK_OPERATOR},	   {"cbracket", QUIRE_TOK_OPERATOR},
	{"function", QUIRE_TOK_FUNCTION},   {"predef_func", QUIRE_TOK_FUNCTION},
	{"predef_var", QUIRE_TOK_VARIABLE}, {"variable", QUIRE_TOK_VARIABLE},
	{"label", QUIRE_TOK_PREPROC},	   {"property", QUIRE_TOK_PROPERTY},
	{"selector", QUIRE_TOK_KEYWORD},   {"key", QUIRE_TOK_PROPERTY},
	{"keyquote", QUIRE_TOK_PROPERTY},  {"attribute", QUIRE_TOK_PROPERTY},
	{"oldfile", QUIRE_TOK_DELETED},	   {"newfile", QUIRE_TOK_INSERTED},
	{"difflines", QUIRE_TOK_HUNK},
};

/* One call's spans; offsets are from the start of the block. */
struct span_sink {
	std::vector<struct quire_token_span> spans;
	size_t line_start = 0;
};

class span_formatter : public srchilite::Formatter {
	span_sink &sink;
	enum quire_token_class cls;

public:
	span_formatter(span_sink &s, enum quire_token_class c) : sink(s), cls(c) {}
	void format(const std::string &s, const srchilite::FormatterParams *params) override
	{
		if (s.empty() || !params || params->start < 0)
			return;
		size_t off = sink.line_start + (size_t)params->start;
		/* The highlighter reports each match; neighbours of one class
		 * join into one span. (Its own joining, setOptimize(), reports
		 * the joined text with the start of the next one.) */
		if (!sink.spans.empty()) {
			struct quire_token_span &last = sink.spans.back();
			if (last.cls == cls && last.offset + last.length == off) {
				last.length += s.size();
				return;
			}
		}
		sink.spans.push_back({off, s.size(), cls});
	}
};

} // namespace

/* A language's definition and the spans of lines already highlighted in
 * it. Most of the time goes to the library's matching (at each token,
 * every rule of the state searches the rest of the line), and documents
 * repeat lines: the same import in every example, "});", the CommonJS
 * twin of each ES module example (the Node.js docs: 24,124 lines, 10,191
 * different). A line that starts and ends outside any multi-line state
 * (comment, string) is highlighted the same wherever it is, so its spans
 * (offsets from the line's start, plain text left out) are kept by text. */
struct lang_entry {
	srchilite::HighlightStatePtr state;
	std::unordered_map<std::string, std::vector<struct quire_token_span>> lines;
};

/* What the line cache may hold, in bytes of text and spans for the
 * process, and the longest line it keeps: the memory stays bounded
 * whatever the input (long lines rarely repeat). */
#define HL_CACHE_BYTES (8u << 20)
#define HL_CACHE_LINE 400

/* The process's one mutable global (tests/cli/globals.sh allows it): the
 * definitions built so far and their lines, by language file, under the
 * lock. A null state remembers a file that failed to load, so it is not
 * parsed again for every block. Built on first use and kept: the library
 * has no exit hook, and the definitions are what a later conversion
 * needs. */
static struct {
	std::mutex lock;
	std::map<std::string, struct lang_entry> *langs;
	size_t cached; /* bytes in the line caches */
	srchilite::RegexRuleFactory *rules;
	srchilite::LangDefManager *manager;
} hl_cache;

namespace {

/* javascript.lang predates ES2015: import, let, await and the like are
 * plain there, and template literals are not strings, so that nearly
 * every example of the Node.js docs began with a plain line. Rules for
 * them go first: the earliest match wins, and of two at the same place
 * and length the first rule (then `import(` is a keyword, not a call).
 * "from", "of" and "as" only where they can be nothing else. */
void modern_javascript(srchilite::HighlightState &state, srchilite::RegexRuleFactory &rules)
{
	srchilite::WordList words = {"import", "let", "async", "await", "yield"};
	std::vector<srchilite::HighlightRulePtr> order = {
		srchilite::HighlightRulePtr(rules.createWordListRule("keyword", words)),
		srchilite::HighlightRulePtr(
			rules.createSimpleRule("keyword", "\\<from\\>(?=[[:blank:]]*['\"])")),
		srchilite::HighlightRulePtr(rules.createSimpleRule(
			"keyword", "\\<(?:of|as)\\>(?=[[:blank:]]+[[:alpha:]$_{[(])")),
		srchilite::HighlightRulePtr(
			rules.createSimpleRule("string", "`(?:\\\\.|[^`\\\\])*`")),
	};
	size_t extra = order.size();
	for (const auto &rule : state.getRuleList())
		order.push_back(rule);
	for (size_t i = 0; i < extra; i++)
		state.addRule(order[i]);
	for (size_t i = 0; i < order.size(); i++)
		state.replaceRule(i, order[i]);
}

struct lang_entry *lang_state(const char *lang)
{
	std::lock_guard<std::mutex> guard(hl_cache.lock);
	if (!hl_cache.langs) {
		hl_cache.langs = new std::map<std::string, struct lang_entry>;
		hl_cache.rules = new srchilite::RegexRuleFactory;
		hl_cache.manager = new srchilite::LangDefManager(hl_cache.rules);
	}
	auto it = hl_cache.langs->find(lang);
	if (it != hl_cache.langs->end())
		return &it->second;
	srchilite::HighlightStatePtr state;
	try {
		state = hl_cache.manager->getHighlightState(
			srchilite::Settings::retrieveDataDir(), lang);
		if (state && strcmp(lang, "javascript.lang") == 0)
			modern_javascript(*state, *hl_cache.rules);
	} catch (const std::bad_alloc &) {
		throw;
	} catch (...) {
		/* A missing or broken definition: that language stays plain. */
		state.reset();
	}
	/* insert, not operator[]: that instantiates a global the
	 * libraries cannot make local (std::piecewise_construct). */
	struct lang_entry entry;
	entry.state = state;
	return &hl_cache.langs->insert(std::make_pair(std::string(lang), std::move(entry)))
			.first->second;
}

/* Appends the kept spans of line (at offset start in the block) to
 * spans; false when the line is not in the cache. */
bool cached_line(struct lang_entry *e, const std::string &line, size_t start,
		 std::vector<struct quire_token_span> &spans)
{
	std::lock_guard<std::mutex> guard(hl_cache.lock);
	auto it = e->lines.find(line);
	if (it == e->lines.end())
		return false;
	for (const auto &sp : it->second)
		spans.push_back({start + sp.offset, sp.length, sp.cls});
	return true;
}

/* Keeps the spans of line, spans[from...] (at offset start in the
 * block), while the cache has room. */
void keep_line(struct lang_entry *e, const std::string &line, size_t start,
	       const std::vector<struct quire_token_span> &spans, size_t from)
{
	std::vector<struct quire_token_span> rel;
	for (size_t i = from; i < spans.size(); i++)
		if (spans[i].cls != QUIRE_TOK_PLAIN)
			rel.push_back({spans[i].offset - start, spans[i].length, spans[i].cls});
	size_t cost = line.size() + rel.size() * sizeof rel[0] + 64;
	std::lock_guard<std::mutex> guard(hl_cache.lock);
	if (hl_cache.cached + cost > HL_CACHE_BYTES)
		return;
	if (e->lines.insert(std::make_pair(line, std::move(rel))).second)
		hl_cache.cached += cost;
}

} // namespace

extern "C" enum quire_status quire_highlight(const char *lang, const char *code, size_t len,
					      struct quire_token_span **out, size_t *count)
{
	*out = NULL;
	*count = 0;
	if (!lang || !len)
		return QUIRE_OK;
	try {
		struct lang_entry *entry = lang_state(lang);
		srchilite::HighlightStatePtr state = entry->state;
		if (!state)
			return QUIRE_OK;
		span_sink sink;
		srchilite::FormatterManager formatters(srchilite::FormatterPtr(
			new span_formatter(sink, QUIRE_TOK_PLAIN)));
		for (const auto &ec : elem_classes)
			formatters.addFormatter(ec.elem, srchilite::FormatterPtr(
							 new span_formatter(sink, ec.cls)));
		srchilite::SourceHighlighter highlighter(state);
		srchilite::FormatterParams params;
		highlighter.setFormatterManager(&formatters);
		highlighter.setFormatterParams(&params);
		highlighter.setOptimize(false);
		/* Line by line, without the newline, as source-highlight reads
		 * a file: its definitions anchor at ^ and $ per line. */
		size_t pos = 0;
		std::string line;
		while (pos < len) {
			const char *nl = (const char *)memchr(code + pos, '\n', len - pos);
			size_t end = nl ? (size_t)(nl - code) : len;
			line.assign(code + pos, end - pos);
			/* Outside any multi-line state, a line's spans depend on
			 * its text alone. */
			bool outside = highlighter.getCurrentState() == state &&
				       highlighter.getStateStack()->empty();
			bool keep = outside && line.size() <= HL_CACHE_LINE;
			if (!keep || !cached_line(entry, line, pos, sink.spans)) {
				size_t from = sink.spans.size();
				sink.line_start = pos;
				params.start = 0;
				highlighter.highlightParagraph(line);
				if (keep && highlighter.getCurrentState() == state &&
				    highlighter.getStateStack()->empty())
					keep_line(entry, line, pos, sink.spans, from);
			}
			pos = end + 1;
		}
		size_t n = 0;
		for (const auto &sp : sink.spans)
			n += sp.cls != QUIRE_TOK_PLAIN;
		if (!n)
			return QUIRE_OK;
		struct quire_token_span *spans =
			(struct quire_token_span *)malloc(n * sizeof *spans);
		if (!spans)
			return QUIRE_ERR_NOMEM;
		/* Regexes work on bytes; a span that starts or ends inside a
		 * UTF-8 sequence takes in the whole character, so that
		 * writers never cut one. */
		size_t end_prev = 0;
		n = 0;
		for (const auto &sp : sink.spans) {
			if (sp.cls == QUIRE_TOK_PLAIN || sp.offset + sp.length > len)
				continue;
			size_t b = sp.offset, e = sp.offset + sp.length;
			while (b > end_prev && ((unsigned char)code[b] & 0xC0) == 0x80)
				b--;
			while (e < len && ((unsigned char)code[e] & 0xC0) == 0x80)
				e++;
			if (b < end_prev)
				b = end_prev;
			if (e <= b)
				continue;
			spans[n++] = {b, e - b, sp.cls};
			end_prev = e;
		}
		*out = spans;
		*count = n;
		return QUIRE_OK;
	} catch (const std::bad_alloc &) {
		return QUIRE_ERR_NOMEM;
	} catch (...) {
		/* A regex that gives up (boost's complexity limit) on odd
		 * input: the block stays plain rather than fail the book. */
		return QUIRE_OK;
	}
}
