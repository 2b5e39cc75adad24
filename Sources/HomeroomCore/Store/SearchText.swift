import Foundation

/// Text folded for searching (lower case, accents removed, so "nun" finds "Núñez") and cut into
/// the words a name is found by.
///
/// A name's words are split at spaces, hyphens and every other character that is neither a letter
/// nor a digit ("De La Cruz", "Smith-Jones", "Jean-Luc"). Apostrophes and periods join: a word
/// with them counts whole and in its parts ("O'Brien": "obrien", "o" and "brien"). The store keeps
/// these words in `student_name_word`: changing these rules needs a migration that rebuilds it.
public enum SearchText {
    public static func fold(_ text: String) -> String {
        text.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil).lowercased()
    }

    /// The distinct words of a student's names, in no particular order.
    static func nameWords(_ names: String...) -> [String] {
        var words: [String] = []
        func add(_ word: String) { if !words.contains(word) { words.append(word) } }
        for name in names {
            split(name) { joined, parts in
                add(joined)
                if parts.count > 1 { parts.forEach(add) }
            }
        }
        return words
    }

    /// The words of a search, folded and split as names are (an apostrophe joins: "o'b" looks for
    /// "ob"), each at most 100 characters; at most five.
    static func words(_ query: String) -> [String] {
        var words: [String] = []
        split(query) { joined, _ in words.append(String(joined.prefix(100))) }
        return Array(words.prefix(5))
    }

    /// The least text above every text that starts with `prefix` (its last character raised by
    /// one), so that `word >= prefix AND word < upperBound(prefix)` is a range of an index.
    static func upperBound(of prefix: String) -> String {
        var scalars = Array(prefix.unicodeScalars)
        guard let last = scalars.popLast() else { return "\u{10FFFF}" }
        let raised = last.value == 0xD7FF ? 0xE000 : last.value + 1
        guard let next = Unicode.Scalar(raised) else { return prefix + "\u{10FFFF}" }
        var result = String.UnicodeScalarView(scalars)
        result.append(next)
        return String(result)
    }

    /// Calls `body` with each word of `text`, folded, whole and in its parts (split at apostrophes
    /// and periods). ASCII, the common case, is only lowered.
    static func split(_ text: String, _ body: (_ joined: String, _ parts: [String]) -> Void) {
        let folded = text.utf8.allSatisfy { $0 < 0x80 } ? text.lowercased() : fold(text)
        var parts: [String] = []
        var part = String.UnicodeScalarView()
        func endPart() {
            if !part.isEmpty { parts.append(String(part)) }
            part = String.UnicodeScalarView()
        }
        func endWord() {
            endPart()
            if !parts.isEmpty { body(parts.joined(), parts) }
            parts = []
        }
        for scalar in folded.unicodeScalars {
            if isWordPart(scalar) {
                part.append(scalar)
            } else if joiners.contains(scalar) {
                endPart()
            } else {
                endWord()
            }
        }
        endWord()
    }

    /// Apostrophes (straight, curly, modifier letter) and the period.
    static let joiners: Set<Unicode.Scalar> = ["'", "\u{2019}", "\u{2018}", "\u{02BC}", "`", "."]

    static func isWordPart(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            return ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) || ("A"..."Z").contains(scalar)
        }
        let properties = scalar.properties
        switch properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber, .letterNumber, .otherNumber: return true
        default: return properties.isAlphabetic
        }
    }
}
