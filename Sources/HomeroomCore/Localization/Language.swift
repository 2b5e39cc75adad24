import Foundation

/// The languages every page comes in.
public enum Language: String, Sendable, CaseIterable, Codable {
    case en, es

    /// The language the switch offers on a page in this one.
    public var other: Language { self == .en ? .es : .en }

    /// The supported language a browser's `Accept-Language` ranks highest (`es-MX;q=0.8` counts
    /// as `es`), or nil when it names none of them. Ranges with `q=0` are refusals. Read from the
    /// header's bytes: it runs on every request.
    public static func preferred(by header: String) -> Language? {
        var best: (language: Language, quality: Double)?
        for item in header.utf8.split(separator: UInt8(ascii: ",")) {
            let parts = item.split(separator: UInt8(ascii: ";"))
            guard let range = parts.first.map(trimmed), !range.isEmpty else { continue }
            var quality = 1.0
            for parameter in parts.dropFirst().map(trimmed) where parameter.starts(with: "q=".utf8) {
                quality = Double(String(decoding: parameter.dropFirst(2), as: UTF8.self)) ?? 0
            }
            let primary = String(decoding: range.prefix { $0 != UInt8(ascii: "-") }, as: UTF8.self).lowercased()
            guard quality > 0, let language = Language(rawValue: primary) else { continue }
            if best == nil || quality > best!.quality { best = (language, quality) }
        }
        return best?.language
    }

    private static func trimmed(_ bytes: Substring.UTF8View.SubSequence) -> Substring.UTF8View.SubSequence {
        let isSpace: (UInt8) -> Bool = { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
        guard let first = bytes.firstIndex(where: { !isSpace($0) }), let last = bytes.lastIndex(where: { !isSpace($0) }) else {
            return bytes[bytes.endIndex...]
        }
        return bytes[first...last]
    }
}
