import Foundation

/// One language's texts, read from `messages/<code>.json`. Templates read them as `{{t.some.key}}`
/// (a key's dotted parts walk the JSON's nesting); Swift code as `t["some.key"]` or `t.text(message)`.
public struct Messages: Sendable {
    public let language: Language
    let texts: [String: String]
    /// Every key's leading parts ("claim", "claim.start"), so `{{t.claim.start.title}}` can walk down.
    let branches: Set<String>
    let prefix: String

    package init(language: Language, texts: [String: String]) {
        self.language = language
        self.texts = texts
        var branches = Set<String>()
        for key in texts.keys {
            var parts = key.split(separator: ".").dropLast()
            while !parts.isEmpty {
                branches.insert(parts.joined(separator: "."))
                parts = parts.dropLast()
            }
        }
        self.branches = branches
        prefix = ""
    }

    private init(_ parent: Messages, branch: String) {
        language = parent.language
        texts = parent.texts
        branches = parent.branches
        prefix = branch + "."
    }

    /// The text of `key`; the key itself if the catalog lacks it (the catalog tests prevent that).
    public subscript(_ key: String) -> String { texts[key] ?? key }

    /// The text of `key` with each `{name}` replaced by its value, in one pass, so a value that
    /// itself holds braces (a name, a search) is never read as a placeholder.
    public func format(_ key: String, _ values: [String: String]) -> String {
        MessageCatalog.pieces(of: self[key]).map { piece in piece.name.flatMap { values[String($0)] } ?? String(piece.text) }.joined()
    }

    /// Whether the catalog has a text for `key`.
    public func has(_ key: String) -> Bool { texts[key] != nil }

    public func text(_ message: Message) -> String { format(message.key, message.values) }

    /// What a template's `{{t.part}}` finds below this branch: a text, or a deeper branch.
    public func child(named name: String) -> Any? {
        let key = prefix + name
        if let text = texts[key] { return text }
        return branches.contains(key) ? Messages(self, branch: key) : nil
    }

    /// Every key, for the catalog's own checks.
    public var keys: Set<String> { Set(texts.keys) }
}

/// The message catalogs of every language, loaded once at start. Refuses to load unless every
/// language has exactly the same keys with the same placeholders, so no page can lack a text.
public struct MessageCatalog: Sendable {
    let messages: [Language: Messages]

    public struct LoadError: Error, CustomStringConvertible {
        public let description: String
    }

    public init(directory: String) throws {
        var messages: [Language: Messages] = [:]
        for language in Language.allCases {
            let path = directory + "/" + language.rawValue + ".json"
            guard let data = FileManager.default.contents(atPath: path) else {
                throw LoadError(description: "cannot read the message catalog \(path)")
            }
            let tree: Any
            do { tree = try JSONSerialization.jsonObject(with: data) } catch {
                throw LoadError(description: "\(path) is not valid JSON: \(error.localizedDescription)")
            }
            var texts: [String: String] = [:]
            try Self.flatten(tree, into: &texts, prefix: "", file: path)
            messages[language] = Messages(language: language, texts: texts)
        }
        let english = messages[.en]!
        for (language, other) in messages where language != .en {
            let missing = english.keys.subtracting(other.keys).sorted()
            let extra = other.keys.subtracting(english.keys).sorted()
            guard missing.isEmpty, extra.isEmpty else {
                throw LoadError(description: "messages/\(language.rawValue).json lacks \(missing) and has extra \(extra)")
            }
            for key in english.keys where Self.placeholders(english[key]) != Self.placeholders(other[key]) {
                throw LoadError(description: "messages/\(language.rawValue).json: \(key) has other placeholders than English")
            }
        }
        self.messages = messages
    }

    public subscript(_ language: Language) -> Messages { messages[language]! }

    static func flatten(_ node: Any, into texts: inout [String: String], prefix: String, file: String) throws {
        if let text = node as? String {
            texts[prefix] = text
        } else if let object = node as? [String: Any] {
            for (name, child) in object {
                try flatten(child, into: &texts, prefix: prefix.isEmpty ? name : prefix + "." + name, file: file)
            }
        } else {
            throw LoadError(description: "\(file): \(prefix) must be a text or an object of texts")
        }
    }

    /// The `{name}` placeholders of a text.
    package static func placeholders(_ text: String) -> Set<String> {
        Set(pieces(of: text).compactMap { $0.name.map(String.init) })
    }

    /// A text cut into plain runs and placeholders, in order: a placeholder's `text` is `{name}`
    /// as written and its `name` what is between the braces; plain runs have no name.
    package static func pieces(of text: String) -> [(text: Substring, name: Substring?)] {
        var pieces: [(text: Substring, name: Substring?)] = []
        var rest = text[...]
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            pieces.append((rest[..<open], nil))
            pieces.append((rest[open...close], rest[rest.index(after: open)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        pieces.append((rest, nil))
        return pieces
    }
}
