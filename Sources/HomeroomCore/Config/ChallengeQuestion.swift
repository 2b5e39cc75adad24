import Foundation

/// A predefined challenge question and the kind of answer it takes.
public struct ChallengeQuestion: Codable, Sendable, Equatable {
    /// The kinds of answer a question takes; each has its own validation and canonical form.
    public enum Kind: Sendable, Equatable {
        /// Free text of 5 to 255 characters after normalisation.
        case freeText
        /// A month, by name, three-letter abbreviation or number; stored as its number.
        case month
        /// A four-digit year.
        case year
        /// One of a fixed set of options.
        case choice([String])
    }

    public var id: String
    /// The question in English.
    public var prompt: String
    /// The question in other languages, by language code (`"es"`); optional.
    public var prompts: [String: String]
    public var kind: Kind

    public init(id: String, prompt: String, prompts: [String: String] = [:], kind: Kind) {
        self.id = id
        self.prompt = prompt
        self.prompts = prompts
        self.kind = kind
    }

    /// The question in the language of `t`: the configured translation, else the catalog's for
    /// an unchanged default question, else the English prompt.
    public func prompt(in t: Messages) -> String {
        if let translated = prompts[t.language.rawValue] { return translated }
        if Self.defaults.contains(where: { $0.id == id && $0.prompt == prompt }) { return t["questions.prompt." + id] }
        return prompt
    }

    enum CodingKeys: String, CodingKey { case id, prompt, prompts, kind, choices }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        prompt = try c.decode(String.self, forKey: .prompt)
        prompts = try c.decodeIfPresent([String: String].self, forKey: .prompts) ?? [:]
        switch try c.decodeIfPresent(String.self, forKey: .kind) ?? "text" {
        case "text": kind = .freeText
        case "month": kind = .month
        case "year": kind = .year
        case "choice": kind = .choice(try c.decode([String].self, forKey: .choices))
        case let other:
            throw DecodingError.dataCorruptedError(
                forKey: .kind, in: c, debugDescription: "'\(other)' is not one of text, month, year, choice")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(prompt, forKey: .prompt)
        if !prompts.isEmpty { try c.encode(prompts, forKey: .prompts) }
        switch kind {
        case .freeText: try c.encode("text", forKey: .kind)
        case .month: try c.encode("month", forKey: .kind)
        case .year: try c.encode("year", forKey: .kind)
        case .choice(let options):
            try c.encode("choice", forKey: .kind)
            try c.encode(options, forKey: .choices)
        }
    }

    /// The contract's default questions.
    public static let defaults: [ChallengeQuestion] = [
        .init(id: "birth_month", prompt: "In which month were you born?", kind: .month),
        .init(id: "middle_name", prompt: "What is your middle name?", kind: .freeText),
        .init(id: "birth_year", prompt: "In which year were you born?", kind: .year),
        .init(id: "school_mascot", prompt: "What is your school's mascot?", kind: .freeText),
        .init(id: "homeroom_teacher", prompt: "Who was your first homeroom teacher?", kind: .freeText),
        .init(id: "school_password", prompt: "What is your secret school password?", kind: .freeText),
        .init(id: "favorite_fruit", prompt: "What is your favorite fruit?",
              kind: .choice(["apple", "banana", "orange", "peach"])),
        .init(id: "favorite_season", prompt: "What is your favorite season?",
              kind: .choice(["summer", "winter", "fall", "spring"])),
        .init(id: "mothers_maiden_name", prompt: "What is your mother's maiden name?", kind: .freeText),
    ]
}
