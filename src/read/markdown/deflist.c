/* Definition lists in Markdown, as pandoc and PHP Markdown Extra write
 * them, through a cmark-gfm syntax extension:
 *
 *     Term
 *     : Definition, whose continuation lines are indented
 *       under its text.
 *
 * A line that starts with a colon (indented at most 3 spaces) and 1 to 3
 * spaces or a tab, then text, opens a definition when a paragraph is open
 * just before it, or closed before a blank line, or when a definition
 * precedes it: that paragraph's lines are the terms. The definition holds
 * blocks, as a list item does; its continuation lines are indented by at
 * least the width of the marker and its spaces, and a paragraph in it takes
 * lazy lines as any paragraph does.
 *
 * cmark's tree keeps the terms as paragraphs followed by "definition"
 * blocks; the reader (markdown.c) groups a run of them into one list. A
 * document with no such line is parsed exactly as before. */
#include <stdbool.h>
#include <stdint.h>

#include <cmark-gfm.h>
#include <cmark-gfm-extension_api.h>
#include <cmark-gfm/node.h>
#include <cmark-gfm/registry.h>
#include <cmark-gfm/syntax_extension.h>

#include "read/markdown/markdown.h"

/* The marker's width (the colon and its spaces) from the container's
 * content start, or 0 when the line opens no definition. */
static int marker_width(cmark_parser *parser, const unsigned char *input, int len)
{
	int first = cmark_parser_get_first_nonspace(parser);
	int p = first + 1, spaces = 0;

	if (cmark_parser_get_indent(parser) > 3 || first >= len || input[first] != ':')
		return 0;
	if (p < len && input[p] == '\t') {
		p++;
		spaces = 3; /* a tab is taken as to the next stop of 4 */
	} else {
		while (p < len && input[p] == ' ' && spaces < 4) {
			p++;
			spaces++;
		}
		if (spaces < 1 || spaces > 3)
			return 0;
	}
	/* Some text must follow: a lone colon is text. */
	while (p < len && (input[p] == ' ' || input[p] == '\t'))
		p++;
	if (p >= len || input[p] == '\n' || input[p] == '\r')
		return 0;
	/* A table's delimiter row (": --- | ---:") is the table's. */
	bool dash = false, pipe = false, other = false;
	for (int k = first; k < len && input[k] != '\n' && input[k] != '\r'; k++) {
		dash |= input[k] == '-';
		pipe |= input[k] == '|';
		other |= input[k] != '-' && input[k] != '|' && input[k] != ':' && input[k] != ' ' &&
		         input[k] != '\t';
	}
	if (dash && pipe && !other)
		return 0;
	return cmark_parser_get_indent(parser) + 1 + spaces;
}

static cmark_node *open_definition(cmark_syntax_extension *self, int indented,
                                   cmark_parser *parser, cmark_node *parent,
                                   unsigned char *input, int len)
{
	int width;
	cmark_node *prev, *def;

	if (indented || (width = marker_width(parser, input, len)) == 0)
		return NULL;
	if (parent->type == CMARK_NODE_PARAGRAPH) {
		/* The open paragraph is the terms; adding the definition
		 * to it closes it and goes up to its container. */
	} else {
		prev = parent->last_child;
		if (prev == NULL)
			return NULL;
		bool term = prev->type == CMARK_NODE_PARAGRAPH && !(prev->flags & CMARK_NODE__OPEN);
		if (!term && prev->extension != self)
			return NULL;
	}
	/* The node type cmark gave the extension, kept as its private
	 * data: the library holds no mutable globals. */
	cmark_node_type type = (cmark_node_type)(uintptr_t)cmark_syntax_extension_get_private(self);
	int first = cmark_parser_get_first_nonspace(parser);
	def = cmark_parser_add_child(parser, parent, type, first + 1);
	if (def == NULL)
		return NULL;
	cmark_node_set_syntax_extension(def, self);
	def->internal_offset = width;
	/* Past the colon and its spaces (a tab whole). */
	int skip = first + 1 - cmark_parser_get_offset(parser);
	if (input[first + 1] == '\t')
		skip++;
	else
		for (int p = first + 1; p < len && input[p] == ' ' && p - first <= 3; p++)
			skip++;
	cmark_parser_advance_offset(parser, (const char *)input, skip, false);
	return def;
}

/* A continuation line: indented by the marker's width, or blank in a
 * definition that has content. */
static int match_definition(cmark_syntax_extension *self, cmark_parser *parser,
                            unsigned char *input, int len, cmark_node *container)
{
	(void)self;
	(void)len;
	if (cmark_parser_get_indent(parser) >= container->internal_offset) {
		cmark_parser_advance_offset(parser, (const char *)input, container->internal_offset,
		                            true);
		return 1;
	}
	if (cmark_parser_is_blank(parser) && container->first_child != NULL) {
		cmark_parser_advance_offset(parser, (const char *)input,
		                            cmark_parser_get_first_nonspace(parser) -
		                                    cmark_parser_get_offset(parser),
		                            false);
		return 1;
	}
	return 0;
}

static int can_contain(cmark_syntax_extension *self, cmark_node *node, cmark_node_type child)
{
	(void)self;
	(void)node;
	return CMARK_NODE_TYPE_BLOCK_P(child) && child != CMARK_NODE_ITEM;
}

static const char *type_string(cmark_syntax_extension *self, cmark_node *node)
{
	(void)self;
	(void)node;
	return "definition";
}

/* cmark-gfm's plugin hook: registers the extension by its name. */
static int register_deflist(cmark_plugin *plugin)
{
	cmark_syntax_extension *ext = cmark_syntax_extension_new("definition");
	if (ext == NULL)
		return 0;
	cmark_node_type type = cmark_syntax_extension_add_node(0);
	cmark_syntax_extension_set_private(ext, (void *)(uintptr_t)type, NULL);
	cmark_syntax_extension_set_open_block_func(ext, open_definition);
	cmark_syntax_extension_set_match_block_func(ext, match_definition);
	cmark_syntax_extension_set_can_contain_func(ext, can_contain);
	cmark_syntax_extension_set_get_type_string_func(ext, type_string);
	return cmark_plugin_register_syntax_extension(plugin, ext);
}

void md_deflist_register(void)
{
	cmark_register_plugin(register_deflist);
}

bool md_is_definition(cmark_node *n)
{
	return n != NULL && n->extension != NULL && n->extension->try_opening_block == open_definition;
}
