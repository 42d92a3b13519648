"""The text an HTML page shows, as the word-comparing tests read it:
character references decoded, scripts and style sheets left out."""
import html.parser


class _Text(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out, self.skip = [], 0

    def handle_starttag(self, tag, attrs):
        self.skip += tag in ("script", "style")

    def handle_endtag(self, tag):
        self.skip -= tag in ("script", "style")

    def handle_data(self, data):
        if not self.skip:
            self.out.append(data)


def shown_text(page, sep=""):
    """The page's text runs, joined by sep."""
    parser = _Text()
    parser.feed(page)
    parser.close()
    return sep.join(parser.out)
