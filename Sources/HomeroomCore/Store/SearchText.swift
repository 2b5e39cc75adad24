import Foundation
import GRDB

/// Text folded for searching: lower case, accents removed, so "nunez" finds "Núñez".
public enum SearchText {
    public static func fold(_ text: String) -> String {
        text.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil).lowercased()
    }

    /// `homeroom_fold(text)` in SQL.
    static let foldFunction = DatabaseFunction("homeroom_fold", argumentCount: 1, pure: true) { values in
        String.fromDatabaseValue(values[0]).map(fold)
    }

    /// The words of a search, folded, each at most 100 characters; at most five.
    static func words(_ query: String) -> [String] {
        fold(query).split(whereSeparator: \.isWhitespace).prefix(5).map { String($0.prefix(100)) }
    }
}
