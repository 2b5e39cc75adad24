import Foundation

/// Text as the technician's search sees it.
public enum SearchText {
    /// Lower case without accents, for comparing names ("Núñez" and "nunez" are the same).
    public static func fold(_ text: String) -> String {
        text.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil).lowercased()
    }

    /// The terms of a search, each one token of `student_search`'s tokenizer, so each is a
    /// prefix the index can look up: runs of letters, numbers, marks and private-use characters
    /// (the tokenizer's `categories`), split at everything else, with apostrophes and periods
    /// taken out rather than split at ("O'B" is "OB", as the index also holds "O'Brien" as
    /// "OBrien"). Case and accents are left to the tokenizer, which folds them as it folded the
    /// names. At most eight terms of at most 100 characters.
    static func terms(_ query: String) -> [String] {
        var terms: [String] = []
        var term = String.UnicodeScalarView()
        func end() {
            if !term.isEmpty { terms.append(String(String(term).prefix(100))) }
            term = String.UnicodeScalarView()
        }
        for scalar in query.unicodeScalars {
            if isTokenCharacter(scalar) {
                term.append(scalar)
            } else if !isJoiner(scalar) {
                end()
            }
        }
        end()
        return Array(terms.prefix(8))
    }

    /// The folded words a student's `names` are found by on PostgreSQL, as SQLite's index holds
    /// them: each run of token characters, and, where names have apostrophes or periods, the runs
    /// with those taken out ("O'Brien": "o", "brien" and "obrien").
    static func words(of names: String) -> Set<String> {
        let folded = fold(names)
        var words = Set<String>()
        var split = String.UnicodeScalarView(), joined = String.UnicodeScalarView()
        func end(_ word: inout String.UnicodeScalarView) {
            if !word.isEmpty { words.insert(String(word)) }
            word = String.UnicodeScalarView()
        }
        for scalar in folded.unicodeScalars {
            if isTokenCharacter(scalar) {
                split.append(scalar)
                joined.append(scalar)
            } else if isJoiner(scalar) {
                end(&split)
            } else {
                end(&split)
                end(&joined)
            }
        }
        end(&split)
        end(&joined)
        return words
    }

    /// Whether `scalar` is an apostrophe (straight, curly, modifier letter, grave) or the period:
    /// a joiner, taken out of names and queries rather than split at.
    static func isJoiner(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "'", "\u{2019}", "\u{2018}", "\u{02BC}", "`", ".": true
        default: false
        }
    }

    /// Whether the tokenizer keeps `scalar` in a token: `categories 'L* N* Co M*'`.
    static func isTokenCharacter(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            return ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) || ("A"..."Z").contains(scalar)
        }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .decimalNumber, .letterNumber, .otherNumber, .privateUse,
             .nonspacingMark, .spacingMark, .enclosingMark:
            return true
        default:
            return false
        }
    }

    /// The least text above every text that starts with `prefix` (its last character raised by
    /// one), so that `column >= prefix AND column < upperBound(prefix)` is a range of an index.
    static func upperBound(of prefix: String) -> String {
        var scalars = Array(prefix.unicodeScalars)
        guard let last = scalars.popLast() else { return "\u{10FFFF}" }
        let raised = last.value == 0xD7FF ? 0xE000 : last.value + 1
        guard let next = Unicode.Scalar(raised) else { return prefix + "\u{10FFFF}" }
        var result = String.UnicodeScalarView(scalars)
        result.append(next)
        return String(result)
    }
}
