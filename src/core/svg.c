/* SVG files: parsed by libxml2, cut down to an allow-list of static
 * drawing, written out again from the tree. svg.h says what survives and
 * why a file is refused. The walks over the tree are loops over its
 * parent and sibling links, never recursion on depth the file controls. */
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>

#include "svg.h"

static const char SVG_NS[] = "http://www.w3.org/2000/svg";
static const char XLINK_NS[] = "http://www.w3.org/1999/xlink";

/* ---- the allow-lists, in strcmp() order (the unit tests check it) ---- */

/* Static drawing: no script, animation, foreignObject, font, cursor or
 * view element. <switch> is kept for what it holds; <a> becomes <g>
 * (clean_tree()). */
static const char *const elements[] = {
	"circle", "clipPath", "defs", "desc", "ellipse", "feBlend", "feColorMatrix",
	"feComponentTransfer", "feComposite", "feConvolveMatrix", "feDiffuseLighting",
	"feDisplacementMap", "feDistantLight", "feDropShadow", "feFlood", "feFuncA", "feFuncB",
	"feFuncG", "feFuncR", "feGaussianBlur", "feImage", "feMerge", "feMergeNode",
	"feMorphology", "feOffset", "fePointLight", "feSpecularLighting", "feSpotLight", "feTile",
	"feTurbulence", "filter", "g", "image", "line", "linearGradient", "marker", "mask", "path",
	"pattern", "polygon", "polyline", "radialGradient", "rect", "stop", "style", "svg",
	"switch", "symbol", "text", "textPath", "title", "tspan", "use",
};

/* Attributes without a namespace: geometry, text, paint servers,
 * filters, and the presentation attributes. Not cursor or color-profile
 * (they name files without url()), nor any on* event attribute. */
static const char *const attributes[] = {
	"alignment-baseline", "amplitude", "azimuth", "baseFrequency", "baseProfile",
	"baseline-shift", "bias", "class", "clip", "clip-path", "clip-rule", "clipPathUnits",
	"color", "color-interpolation", "color-interpolation-filters", "color-rendering", "cx",
	"cy", "d", "diffuseConstant", "direction", "display", "divisor", "dominant-baseline", "dx",
	"dy", "edgeMode", "elevation", "enable-background", "exponent", "fill", "fill-opacity",
	"fill-rule", "filter", "filterRes", "filterUnits", "flood-color", "flood-opacity", "font",
	"font-family", "font-size", "font-size-adjust", "font-stretch", "font-style",
	"font-variant", "font-weight", "fr", "fx", "fy", "glyph-orientation-horizontal",
	"glyph-orientation-vertical", "gradientTransform", "gradientUnits", "height", "href", "id",
	"image-rendering", "in", "in2", "intercept", "isolation", "k1", "k2", "k3", "k4",
	"kernelMatrix", "kernelUnitLength", "kerning", "lengthAdjust", "letter-spacing",
	"lighting-color", "limitingConeAngle", "marker", "marker-end", "marker-mid",
	"marker-start", "markerHeight", "markerUnits", "markerWidth", "mask", "mask-type",
	"maskContentUnits", "maskUnits", "media", "method", "mix-blend-mode", "mode", "numOctaves",
	"offset", "opacity", "operator", "order", "orient", "overflow", "paint-order",
	"pathLength", "patternContentUnits", "patternTransform", "patternUnits", "pointer-events",
	"points", "pointsAtX", "pointsAtY", "pointsAtZ", "preserveAlpha", "preserveAspectRatio",
	"primitiveUnits", "r", "radius", "refX", "refY", "requiredFeatures", "result", "rotate",
	"rx", "ry", "scale", "seed", "shape-rendering", "side", "slope", "spacing",
	"specularConstant", "specularExponent", "spreadMethod", "startOffset", "stdDeviation",
	"stitchTiles", "stop-color", "stop-opacity", "stroke", "stroke-dasharray",
	"stroke-dashoffset", "stroke-linecap", "stroke-linejoin", "stroke-miterlimit",
	"stroke-opacity", "stroke-width", "style", "surfaceScale", "systemLanguage", "tableValues",
	"targetX", "targetY", "text-anchor", "text-decoration", "text-rendering", "textLength",
	"transform", "transform-origin", "type", "unicode-bidi", "values", "vector-effect",
	"version", "viewBox", "visibility", "width", "word-spacing", "writing-mode", "x", "x1",
	"x2", "xChannelSelector", "y", "y1", "y2", "yChannelSelector", "z", "zoomAndPan",
};

/* CSS functions that compute a value and load nothing (lower case).
 * url() is judged by its target; any other function (image(),
 * image-set(), cross-fade(), src(), attr(), element(), expression(), ...)
 * refuses the text it is in (the style attribute, the <style>). */
static const char *const css_functions[] = {
	"blur", "brightness", "calc", "clamp", "color", "color-mix", "conic-gradient", "contrast",
	"cubic-bezier", "dir", "drop-shadow", "format", "grayscale", "has", "hsl", "hsla",
	"hue-rotate", "hwb", "invert", "is", "lab", "lang", "lch", "linear-gradient", "local",
	"matrix", "matrix3d", "max", "min", "not", "nth-child", "nth-last-child",
	"nth-last-of-type", "nth-of-type", "oklab", "oklch", "opacity", "perspective",
	"radial-gradient", "repeating-linear-gradient", "repeating-radial-gradient", "rgb", "rgba",
	"rotate", "rotate3d", "rotatex", "rotatey", "rotatez", "saturate", "scale", "scale3d",
	"scalex", "scaley", "scalez", "sepia", "skew", "skewx", "skewy", "steps", "translate",
	"translate3d", "translatex", "translatey", "translatez", "var", "where",
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static int by_name(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static bool listed(const char *const *list, size_t n, const char *name)
{
	return bsearch(&name, list, n, sizeof(*list), by_name) != NULL;
}

static bool sorted(const char *const *list, size_t n)
{
	for (size_t i = 1; i < n; i++)
		if (strcmp(list[i - 1], list[i]) >= 0)
			return false;
	return true;
}

bool quire_svg_lists_sorted(void)
{
	return sorted(elements, COUNT(elements)) && sorted(attributes, COUNT(attributes)) &&
	       sorted(css_functions, COUNT(css_functions));
}

/* libxml2 wants its first initialisation in one thread. */
static pthread_once_t svg_once = PTHREAD_ONCE_INIT;

static void svg_init(void)
{
	xmlInitParser();
}

/* ---- what was removed ---- */

enum svg_kind {
	SVG_KEEP,
	SVG_SCRIPT,
	SVG_FOREIGN,
	SVG_ANIMATION,
	SVG_HANDLER,
	SVG_HREF,
	SVG_URL,
	SVG_IMPORT,
	SVG_ESCAPE,
	SVG_FUNCTION,
	SVG_STYLESHEET,
	SVG_BASE,
	SVG_KINDS
};

static const char *const kind_names[SVG_KINDS] = {
	[SVG_SCRIPT] = "script",
	[SVG_FOREIGN] = "foreignObject",
	[SVG_ANIMATION] = "animation",
	[SVG_HANDLER] = "event attribute",
	[SVG_HREF] = "href",
	[SVG_URL] = "url()",
	[SVG_IMPORT] = "@import",
	[SVG_ESCAPE] = "CSS escape",
	[SVG_FUNCTION] = "CSS function",
	[SVG_STYLESHEET] = "xml-stylesheet",
	[SVG_BASE] = "xml:base",
};

struct clean {
	struct quire_svg *svg;
	bool seen[SVG_KINDS];
};

static void count(struct clean *c, enum svg_kind kind)
{
	struct quire_svg_removed *r = &c->svg->removed;
	r->count++;
	if (c->seen[kind])
		return;
	c->seen[kind] = true;
	size_t n = strlen(r->kinds);
	snprintf(r->kinds + n, sizeof(r->kinds) - n, "%s%s", n ? ", " : "", kind_names[kind]);
}

/* ---- CSS ---- */

static bool css_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static bool css_name_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '_' || c >= 0x80;
}

/* Whether the argument of url( at s[i] is a local "#fragment". The raw
 * characters count: in an unquoted url() a comment is part of the
 * address ("url(/ * * /#a)" is a path). */
static bool css_local_url(const char *s, size_t len, size_t i)
{
	while (i < len && css_space((unsigned char)s[i]))
		i++;
	if (i < len && (s[i] == '"' || s[i] == '\''))
		i++;
	return i < len && s[i] == '#';
}

/* Why CSS text could load something or hide what it does: a style sheet,
 * a style attribute, or any attribute value (SVG reads presentation
 * attributes as CSS). SVG_KEEP when it cannot. The text is read as CSS
 * tokenises it, only more suspiciously: a comment separates names
 * ("ur/ * * /l(" is no url(), "@im/ * * /port" no @import), but what is
 * inside comments and strings is judged too. Escapes would let a name
 * be spelled any way, so any backslash refuses the text. */
static enum svg_kind css_check(const char *s, size_t len)
{
	char name[32];
	size_t nlen = 0;
	bool long_name = false, at = false;

	if (memchr(s, '\\', len))
		return SVG_ESCAPE;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (css_name_char(c)) {
			if (nlen < sizeof(name) - 1)
				name[nlen++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
			else
				long_name = true;
			continue;
		}
		name[nlen] = '\0';
		if (at && strncmp(name, "import", 6) == 0)
			return SVG_IMPORT;
		if (c == '(' && nlen > 0) {
			if (long_name)
				return SVG_FUNCTION;
			if (strcmp(name, "url") == 0) {
				if (!css_local_url(s, len, i + 1))
					return SVG_URL;
			} else if (!listed(css_functions, COUNT(css_functions), name)) {
				return SVG_FUNCTION;
			}
		}
		at = c == '@';
		nlen = 0;
		long_name = false;
	}
	name[nlen] = '\0';
	if (at && strncmp(name, "import", 6) == 0)
		return SVG_IMPORT;
	return SVG_KEEP;
}

/* ---- references ---- */

static bool xml_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static bool base64_char(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '+' || c == '/' || c == '=' || xml_space(c);
}

/* An href that stays inside the file: "#fragment"; for a raster image,
 * also the data: URL of a PNG, JPEG or GIF, which holds its pixels and
 * can run nothing (an SVG data: URL could). */
static bool local_href(const char *v, bool raster)
{
	static const char *const data[] = {"data:image/png;base64,", "data:image/jpeg;base64,",
	                                   "data:image/gif;base64,"};
	while (xml_space((unsigned char)*v))
		v++;
	if (*v == '#')
		return true;
	for (size_t i = 0; raster && i < COUNT(data); i++) {
		size_t n = strlen(data[i]);
		if (strncasecmp(v, data[i], n) == 0) {
			for (v += n; *v; v++)
				if (!base64_char((unsigned char)*v))
					return false;
			return true;
		}
	}
	return false;
}

/* ---- the walk ---- */

static bool in_svg_namespace(const xmlNode *n)
{
	return n->ns == NULL || (n->ns->href && strcmp((const char *)n->ns->href, SVG_NS) == 0);
}

/* Elements counted when they go, whatever their namespace or case:
 * <SCRIPT> is no SVG script, but the file means one. */
static enum svg_kind element_kind(const char *name)
{
	static const char *const animation[] = {"animate",          "animateColor", "animateMotion",
	                                        "animateTransform", "discard",      "mpath",
	                                        "set"};
	if (strcasecmp(name, "script") == 0 || strcasecmp(name, "handler") == 0)
		return SVG_SCRIPT;
	if (strcasecmp(name, "foreignObject") == 0)
		return SVG_FOREIGN;
	/* An animation can set any attribute (href among them) to any value,
	 * in a grammar of its own; a book's drawing is still. */
	for (size_t i = 0; i < COUNT(animation); i++)
		if (strcasecmp(name, animation[i]) == 0)
			return SVG_ANIMATION;
	return SVG_KEEP;
}

/* An attribute's value when it is plain text (an entity reference
 * libxml2 left unexpanded makes it unreadable: NULL). */
static const char *attr_value(const xmlAttr *a)
{
	if (a->children == NULL)
		return "";
	if (a->children->next || a->children->type != XML_TEXT_NODE || !a->children->content)
		return NULL;
	return (const char *)a->children->content;
}

/* Whether an attribute of element e stays; *kind says why one that goes
 * is counted. */
static bool keep_attribute(struct clean *c, const xmlNode *e, const xmlAttr *a,
                           enum svg_kind *kind)
{
	const char *name = (const char *)a->name, *v = attr_value(a);
	bool href = false;

	*kind = SVG_KEEP;
	if (strncasecmp(name, "on", 2) == 0) {
		*kind = SVG_HANDLER;
		return false;
	}
	if (v == NULL)
		return false;
	if (a->ns == NULL) {
		if (!listed(attributes, COUNT(attributes), name))
			return false;
		href = strcmp(name, "href") == 0;
		/* Names, never read as CSS: a lost id would break the drawing. */
		if (!href && (strcmp(name, "id") == 0 || strcmp(name, "class") == 0))
			return true;
	} else if (a->ns->href &&
	           strcmp((const char *)a->ns->href, (const char *)XML_XML_NAMESPACE) == 0) {
		/* xml:base would make "#a" point into another file. */
		if (strcmp(name, "base") == 0)
			*kind = SVG_BASE;
		return strcmp(name, "space") == 0 || strcmp(name, "lang") == 0;
	} else if (a->ns->href && strcmp((const char *)a->ns->href, XLINK_NS) == 0) {
		if (strcmp(name, "href") != 0)
			return false;
		href = true;
	} else {
		return false;
	}
	if (href) {
		const char *en = (const char *)e->name;
		if (!local_href(v, strcmp(en, "image") == 0 || strcmp(en, "feImage") == 0)) {
			*kind = SVG_HREF;
			return false;
		}
		if (a->ns)
			c->svg->xlink = true;
		return true;
	}
	*kind = css_check(v, strlen(v));
	return *kind == SVG_KEEP;
}

static void drop(xmlNode *n)
{
	xmlUnlinkNode(n);
	xmlFreeNode(n);
}

/* Turns <a> into <g> without its link (href, target, ...): only the
 * attributes a group has stay. False when out of memory. */
static bool link_to_group(xmlNode *a)
{
	static const char *const link_only[] = {"href", "target", "download", "ping", "rel",
	                                        "hreflang", "type", "referrerpolicy"};
	for (xmlAttr *p = a->properties, *next; p; p = next) {
		next = p->next;
		bool link = p->ns && strcmp((const char *)p->ns->href, XLINK_NS) == 0;
		for (size_t i = 0; !link && p->ns == NULL && i < COUNT(link_only); i++)
			link = strcmp((const char *)p->name, link_only[i]) == 0;
		if (link)
			xmlRemoveProp(p);
	}
	xmlNodeSetName(a, (const xmlChar *)"g");
	return a->name != NULL;
}

/* A <style> element keeps its CSS as one text node, or goes whole. */
static enum svg_kind clean_style(xmlNode *style, bool *nomem)
{
	struct qstr css = {0};
	enum svg_kind kind = SVG_KEEP;

	for (xmlNode *t = style->children; t; t = t->next)
		if ((t->type == XML_TEXT_NODE || t->type == XML_CDATA_SECTION_NODE) && t->content)
			qstr_puts(&css, (const char *)t->content);
	if (css.oom) {
		*nomem = true;
		goto out;
	}
	kind = css_check(css.data ? css.data : "", css.len);
	if (kind != SVG_KEEP)
		goto out;
	while (style->children)
		drop(style->children);
	if (css.len > 0) {
		xmlNode *text =
			xmlNewDocTextLen(style->doc, (const xmlChar *)css.data, (int)css.len);
		if (text == NULL || xmlAddChild(style, text) == NULL) {
			xmlFreeNode(text);
			*nomem = true;
		}
	}
out:
	qstr_free(&css);
	return kind;
}

/* The node after n in document order once n's subtree is done, within
 * root; NULL at the end. */
static xmlNode *after(xmlNode *n, const xmlNode *root)
{
	while (n != root && n->next == NULL)
		n = n->parent;
	return n == root ? NULL : n->next;
}

/* Sanitises the tree below root (an <svg> element) in place. Returns
 * false when out of memory. */
static bool clean_tree(struct clean *c, xmlNode *root)
{
	xmlNode *n = root;
	bool nomem = false;

	while (n && !nomem) {
		enum svg_kind kind = SVG_KEEP;
		bool keep = false, descend = false;
		switch (n->type) {
		case XML_TEXT_NODE:
		case XML_CDATA_SECTION_NODE:
			keep = true;
			break;
		case XML_PI_NODE:
			/* <?xml-stylesheet href=...?> loads a style sheet. */
			if (n->name && strcmp((const char *)n->name, "xml-stylesheet") == 0)
				kind = SVG_STYLESHEET;
			break;
		case XML_ELEMENT_NODE: {
			const char *name = (const char *)n->name;
			kind = element_kind(name);
			/* A link in an image leads nowhere (and epubcheck wants a
			 * title on it); what it holds is drawn as by a group. */
			if (kind == SVG_KEEP && in_svg_namespace(n) && strcmp(name, "a") == 0) {
				if (!link_to_group(n)) {
					nomem = true;
					break;
				}
				name = (const char *)n->name;
			}
			if (kind != SVG_KEEP || !in_svg_namespace(n) ||
			    !listed(elements, COUNT(elements), name))
				break;
			for (xmlAttr *a = n->properties, *next; a; a = next) {
				enum svg_kind why;
				next = a->next;
				if (keep_attribute(c, n, a, &why))
					continue;
				if (why != SVG_KEEP)
					count(c, why);
				xmlRemoveProp(a);
			}
			keep = true;
			if (strcmp(name, "style") == 0) {
				kind = clean_style(n, &nomem);
				keep = kind == SVG_KEEP;
			} else {
				descend = n->children != NULL;
			}
			break;
		}
		case XML_ATTRIBUTE_NODE:
		case XML_ENTITY_REF_NODE:
		case XML_ENTITY_NODE:
		case XML_COMMENT_NODE:
		case XML_DOCUMENT_NODE:
		case XML_DOCUMENT_TYPE_NODE:
		case XML_DOCUMENT_FRAG_NODE:
		case XML_NOTATION_NODE:
		case XML_HTML_DOCUMENT_NODE:
		case XML_DTD_NODE:
		case XML_ELEMENT_DECL:
		case XML_ATTRIBUTE_DECL:
		case XML_ENTITY_DECL:
		case XML_NAMESPACE_DECL:
		case XML_XINCLUDE_START:
		case XML_XINCLUDE_END:
#ifdef LIBXML_DOCB_ENABLED
		case XML_DOCB_DOCUMENT_NODE:
#endif
			break;
		}
		if (kind != SVG_KEEP)
			count(c, kind);
		if (keep && descend) {
			n = n->children;
			continue;
		}
		xmlNode *next = after(n, root);
		if (!keep)
			drop(n);
		n = next;
	}
	return !nomem;
}

/* ---- parsing ---- */

static const char WHY_DECLARATIONS[] = "the SVG file has a document type with declarations";
static const char WHY_DEEP[] = "the SVG file nests too deeply";
static const char WHY_LARGE[] = "the SVG file has too many elements";
static const char WHY_MALFORMED[] = "the SVG file is not well-formed";

/* What the handlers below share, through the parser's _private. */
struct parse {
	unsigned depth;
	size_t nodes;
	const char *why; /* set by a handler that stopped the parser */
	bool nomem;
	startElementNsSAX2Func start;
	endElementNsSAX2Func end;
};

static void stop(void *ctx, const char *why)
{
	xmlParserCtxtPtr ctxt = ctx;
	struct parse *p = ctxt->_private;
	if (p->why == NULL)
		p->why = why;
	xmlStopParser(ctxt);
}

/* Any declaration stops the parse: an entity is never defined, so none
 * can expand (billion laughs) or name a file; an attribute declaration
 * cannot add defaults. */
static void on_entity_decl(void *ctx, const xmlChar *name, int type, const xmlChar *public_id,
                           const xmlChar *system_id, xmlChar *content)
{
	stop(ctx, WHY_DECLARATIONS);
}

static void on_element_decl(void *ctx, const xmlChar *name, int type,
                            xmlElementContentPtr content)
{
	stop(ctx, WHY_DECLARATIONS);
}

static void on_attribute_decl(void *ctx, const xmlChar *elem, const xmlChar *fullname, int type,
                              int def, const xmlChar *default_value, xmlEnumerationPtr tree)
{
	/* The handler owns the enumeration (libxml2's SAX2 frees it too). */
	xmlFreeEnumeration(tree);
	stop(ctx, WHY_DECLARATIONS);
}

static void on_notation_decl(void *ctx, const xmlChar *name, const xmlChar *public_id,
                             const xmlChar *system_id)
{
	stop(ctx, WHY_DECLARATIONS);
}

static void on_unparsed_entity_decl(void *ctx, const xmlChar *name, const xmlChar *public_id,
                                    const xmlChar *system_id, const xmlChar *notation)
{
	stop(ctx, WHY_DECLARATIONS);
}

/* Depth and size are bounded while parsing, before the tree grows. */
static void on_start(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                     const xmlChar *uri, int nb_namespaces, const xmlChar **namespaces,
                     int nb_attributes, int nb_defaulted, const xmlChar **attrs)
{
	xmlParserCtxtPtr ctxt = ctx;
	struct parse *p = ctxt->_private;
	p->nodes += 1 + (size_t)(nb_attributes > 0 ? nb_attributes : 0);
	if (++p->depth > QUIRE_SVG_MAX_DEPTH)
		stop(ctx, WHY_DEEP);
	else if (p->nodes > QUIRE_SVG_MAX_NODES)
		stop(ctx, WHY_LARGE);
	else
		p->start(ctx, localname, prefix, uri, nb_namespaces, namespaces, nb_attributes,
		         nb_defaulted, attrs);
}

static void on_end(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri)
{
	xmlParserCtxtPtr ctxt = ctx;
	struct parse *p = ctxt->_private;
	p->depth--;
	p->end(ctx, localname, prefix, uri);
}

/* libxml2's messages would go to stderr; the reason goes to the caller
 * instead. */
static void on_error(void *ctx, xmlErrorPtr e)
{
	xmlParserCtxtPtr ctxt = ctx;
	struct parse *p = ctxt ? ctxt->_private : NULL;
	if (p && e && e->code == XML_ERR_NO_MEMORY)
		p->nomem = true;
}

/* The bytes libxml2 will read are the file's own: it starts with '<'
 * (after a UTF-8 byte order mark and spaces) and holds no NUL, so
 * libxml2 detects no UTF-16, UCS-4 or EBCDIC, and XML_PARSE_IGNORE_ENC
 * keeps an encoding declaration from switching to another (UTF-7 spells
 * '<' "+ADw-"). The count below reads the same bytes as the parser. */
static bool plain_bytes(const unsigned char *d, size_t len)
{
	size_t i = len >= 3 && memcmp(d, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
	while (i < len && xml_space(d[i]))
		i++;
	return i < len && d[i] == '<' && memchr(d, '\0', len) == NULL;
}

/* libxml2 before 2.12 compares each attribute of a start tag with every
 * one before it (40,000 attributes on one element: 15 s). A start tag's
 * attributes all lie between its '<' and the next '<' (a value may hold
 * none: libxml2 ends the tag there), and each has an '=', so counting
 * '='s between '<'s bounds every tag before libxml2 sees one. Text and
 * comments count too, which no drawing comes near. */
static bool attributes_bounded(const unsigned char *d, size_t len)
{
	size_t eq = 0;
	for (size_t i = 0; i < len; i++) {
		if (d[i] == '<')
			eq = 0;
		else if (d[i] == '=' && ++eq > QUIRE_SVG_MAX_ATTRIBUTES)
			return false;
	}
	return true;
}

/* No network, no DTD loaded, no entity substituted, no default
 * attributes, no XInclude; CDATA sections read as text; the bytes read
 * as UTF-8 whatever the declaration says (plain_bytes()); libxml2's own
 * limits (XML_PARSE_HUGE unset) on names, text and depth. */
#define PARSE_OPTIONS                                                                      \
	(XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |    \
	 XML_PARSE_IGNORE_ENC)

const char *quire_svg_parse(const unsigned char *d, size_t len, struct quire_svg *svg)
{
	const char *why = NULL;
	xmlParserCtxtPtr ctxt = NULL;
	struct parse p = {0};
	xmlDoc *doc = NULL;
	xmlNode *root;
	struct clean c = {.svg = svg};

	memset(svg, 0, sizeof(*svg));
	pthread_once(&svg_once, svg_init);
	if (len > INT_MAX) {
		why = "the SVG file is too large";
		goto out;
	}
	if (!plain_bytes(d, len)) {
		why = WHY_MALFORMED;
		goto out;
	}
	if (!attributes_bounded(d, len)) {
		why = "the SVG file has an element with too many attributes";
		goto out;
	}
	ctxt = xmlCreateMemoryParserCtxt((const char *)d, (int)len);
	if (ctxt == NULL) {
		why = QUIRE_IMAGE_NOMEM;
		goto out;
	}
	xmlCtxtUseOptions(ctxt, PARSE_OPTIONS);
	ctxt->_private = &p;
	xmlSAXHandler *sax = ctxt->sax;
	sax->entityDecl = on_entity_decl;
	sax->elementDecl = on_element_decl;
	sax->attributeDecl = on_attribute_decl;
	sax->notationDecl = on_notation_decl;
	sax->unparsedEntityDecl = on_unparsed_entity_decl;
	sax->externalSubset = NULL;
	sax->serror = on_error;
	p.start = sax->startElementNs;
	p.end = sax->endElementNs;
	sax->startElementNs = on_start;
	sax->endElementNs = on_end;

	xmlParseDocument(ctxt);
	doc = ctxt->myDoc;
	ctxt->myDoc = NULL;
	if (p.nomem)
		why = QUIRE_IMAGE_NOMEM;
	else if (p.why)
		why = p.why;
	else if (!ctxt->wellFormed || doc == NULL)
		why = WHY_MALFORMED;
	if (why)
		goto out;

	root = xmlDocGetRootElement(doc);
	if (root == NULL || !in_svg_namespace(root) ||
	    strcmp((const char *)root->name, "svg") != 0) {
		why = "the SVG file's root element is not <svg>";
		goto out;
	}
	/* The root alone: the document type, comments and processing
	 * instructions around it go. */
	for (xmlNode *n = doc->children, *next; n; n = next) {
		next = n->next;
		if (n == root)
			continue;
		if (n->type == XML_PI_NODE && n->name &&
		    strcmp((const char *)n->name, "xml-stylesheet") == 0)
			count(&c, SVG_STYLESHEET);
		drop(n);
	}
	if (!clean_tree(&c, root)) {
		why = QUIRE_IMAGE_NOMEM;
		goto out;
	}
	svg->doc = doc;
	doc = NULL;
out:
	if (why)
		svg->removed = (struct quire_svg_removed){0};
	xmlFreeDoc(doc);
	if (ctxt)
		xmlFreeParserCtxt(ctxt);
	return why;
}

void quire_svg_free(struct quire_svg *svg)
{
	if (svg == NULL)
		return;
	xmlFreeDoc(svg->doc);
	memset(svg, 0, sizeof(*svg));
}

/* ---- writing ---- */

/* Escapes text (attr false) or a double-quoted attribute value. Tab,
 * newline and CR in a value are written as references, which a parser
 * keeps; as themselves they would read back as spaces. */
static void put_escaped(struct qstr *out, const char *s, bool attr)
{
	const char *run = s;
	for (; *s; s++) {
		const char *rep = NULL;
		switch (*s) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = attr ? "&quot;" : NULL; break;
		case '\t': rep = attr ? "&#9;" : NULL; break;
		case '\n': rep = attr ? "&#10;" : NULL; break;
		case '\r': rep = "&#13;"; break;
		default: break;
		}
		if (rep == NULL)
			continue;
		qstr_append(out, run, (size_t)(s - run));
		qstr_puts(out, rep);
		run = s + 1;
	}
	qstr_append(out, run, (size_t)(s - run));
}

static void put_start_tag(struct qstr *out, const struct quire_svg *svg, const xmlNode *e,
                          bool root)
{
	qstr_putc(out, '<');
	qstr_puts(out, (const char *)e->name);
	if (root) {
		qstr_printf(out, " xmlns=\"%s\"", SVG_NS);
		if (svg->xlink)
			qstr_printf(out, " xmlns:xlink=\"%s\"", XLINK_NS);
	}
	for (const xmlAttr *a = e->properties; a; a = a->next) {
		qstr_putc(out, ' ');
		/* The sanitiser kept only xml: and xlink: among namespaced
		 * attributes. */
		if (a->ns)
			qstr_puts(out, strcmp((const char *)a->ns->href, XLINK_NS) == 0 ? "xlink:"
			                                                                 : "xml:");
		qstr_puts(out, (const char *)a->name);
		qstr_puts(out, "=\"");
		put_escaped(out, attr_value(a), true);
		qstr_putc(out, '"');
	}
}

const char *quire_svg_write(const struct quire_svg *svg, unsigned char **out, size_t *len)
{
	struct qstr s = {0};
	xmlNode *root = xmlDocGetRootElement(svg->doc), *n = root;

	*out = NULL;
	*len = 0;
	qstr_puts(&s, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	while (n) {
		if (n->type == XML_ELEMENT_NODE) {
			put_start_tag(&s, svg, n, n == root);
			if (n->children) {
				qstr_putc(&s, '>');
				n = n->children;
				continue;
			}
			qstr_puts(&s, "/>");
		} else if (n->content) {
			put_escaped(&s, (const char *)n->content, false);
		}
		while (n != root && n->next == NULL) {
			n = n->parent;
			qstr_printf(&s, "</%s>", (const char *)n->name);
		}
		n = n == root ? NULL : n->next;
	}
	qstr_putc(&s, '\n');
	if (s.oom) {
		qstr_free(&s);
		return QUIRE_IMAGE_NOMEM;
	}
	*out = (unsigned char *)s.data;
	*len = s.len;
	return NULL;
}
