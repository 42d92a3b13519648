// The language of a text, guessed by CLD2 (Chromium's compact language
// detector, libcld2 in Debian): for article text, which has no metadata
// to say it. CLD2 was chosen over libexttextcat, the other packaged
// detector: its tables are compiled in (libexttextcat reads 160
// fingerprint files, 11 to 60 ms, at every start), it says when a guess
// is reliable, and libexttextcat's start crashes when memory runs out
// (found by tests/hostile/malloc.sh).
#include <cstdio> // compact_lang_det.h uses FILE without including it
#include <cld2/public/compact_lang_det.h>
#include <cstdlib>
#include <cstring>
#include <new>

namespace CLD2 {
// Public in libcld2, declared only in an internal header.
const char *LanguageCode(Language lang);
}

extern "C" {
#include "core.h"
}

namespace {

// Enough text to be sure, little enough to be quick.
const size_t guess_bytes = 16384;
// Below this, guesses are wild (a sentence of English comes out Scots).
const size_t guess_min_bytes = 200;

} // namespace

extern "C" char *quire_guess_lang(const char *text, size_t len)
{
	if (len < guess_min_bytes)
		return nullptr;
	if (len > guess_bytes) {
		len = guess_bytes;
		// Cut between characters.
		while (len > 0 && (static_cast<unsigned char>(text[len]) & 0xC0) == 0x80)
			len--;
	}
	try {
		bool reliable = false;
		CLD2::Language lang =
			CLD2::DetectLanguage(text, static_cast<int>(len), true, &reliable);
		if (!reliable || lang == CLD2::UNKNOWN_LANGUAGE)
			return nullptr;
		const char *code = CLD2::LanguageCode(lang);
		if (!code || !*code || std::strlen(code) > 11)
			return nullptr;
		return strdup(code);
	} catch (const std::bad_alloc &) {
		return nullptr;
	}
}
