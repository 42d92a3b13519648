/* GitHub's emoji shortcodes (":tada:") as a cmark-gfm inline extension.
 * Being an inline extension, it runs where the inline parser meets a ':'
 * in text, after code spans, autolinks, HTML and escapes have taken
 * theirs: `:tada:` and \:tada: stay as typed. */
#include "read/markdown/markdown.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmark-gfm-extension_api.h>
#include <cmark-gfm/node.h>
#include <cmark-gfm/parser.h>
#include <cmark-gfm/registry.h>

struct emoji_shortcode {
	const char *name, *chars;
};

#include "read/markdown/emoji-table.h"

static bool is_name_char(unsigned char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_' || ch == '+' ||
	       ch == '-';
}

static bool is_alnum(unsigned char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9');
}

static int compare_name(const void *key, const void *entry)
{
	return strcmp(key, ((const struct emoji_shortcode *)entry)->name);
}

const char *md_emoji_find(const char *name, size_t len)
{
	char key[EMOJI_NAME_MAX + 1];
	const struct emoji_shortcode *found;

	if (len == 0 || len > EMOJI_NAME_MAX)
		return NULL;
	memcpy(key, name, len);
	key[len] = '\0';
	found = bsearch(key, emoji_shortcodes, sizeof(emoji_shortcodes) / sizeof(emoji_shortcodes[0]),
	                sizeof(emoji_shortcodes[0]), compare_name);
	return found ? found->chars : NULL;
}

static cmark_node *match_shortcode(cmark_syntax_extension *self, cmark_parser *parser,
                                   cmark_node *parent, unsigned char character,
                                   cmark_inline_parser *inline_parser)
{
	(void)self;
	(void)parent;
	if (character != ':')
		return NULL;
	cmark_chunk *chunk = cmark_inline_parser_get_chunk(inline_parser);
	int start = cmark_inline_parser_get_offset(inline_parser);
	/* A word before the colon makes it a time or a scope ("10:100:",
	 * "a:b:"), not a shortcode; GitHub leaves those too. */
	if (start > 0 && is_alnum(chunk->data[start - 1]))
		return NULL;
	int end = start + 1;
	while (end < chunk->len && end - start <= EMOJI_NAME_MAX && is_name_char(chunk->data[end]))
		end++;
	if (end >= chunk->len || chunk->data[end] != ':')
		return NULL;
	const char *chars = md_emoji_find((const char *)chunk->data + start + 1,
	                                  (size_t)(end - start - 1));
	if (chars == NULL)
		return NULL;
	cmark_node *node = cmark_node_new_with_mem(CMARK_NODE_TEXT, parser->mem);
	if (node == NULL || !cmark_node_set_literal(node, chars)) {
		cmark_node_free(node);
		return NULL;
	}
	node->start_line = node->end_line = cmark_inline_parser_get_line(inline_parser);
	node->start_column = cmark_inline_parser_get_column(inline_parser);
	node->end_column = node->start_column + (end - start);
	cmark_inline_parser_set_offset(inline_parser, end + 1);
	return node;
}

/* cmark-gfm's plugin hook: registers the extension by its name. */
static int register_emoji(cmark_plugin *plugin)
{
	cmark_syntax_extension *ext = cmark_syntax_extension_new(MD_EMOJI_EXTENSION);
	if (ext == NULL)
		return 0;
	cmark_llist *chars = cmark_llist_append(cmark_get_default_mem_allocator(), NULL,
	                                        (void *)(uintptr_t)':');
	cmark_syntax_extension_set_special_inline_chars(ext, chars);
	cmark_syntax_extension_set_match_inline_func(ext, match_shortcode);
	return cmark_plugin_register_syntax_extension(plugin, ext);
}

void md_emoji_register(void)
{
	cmark_register_plugin(register_emoji);
}
