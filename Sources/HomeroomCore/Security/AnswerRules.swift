import Foundation

/// Why a challenge answer was not accepted.
public enum AnswerProblem: Error, Equatable, Sendable {
    case tooShort(minimum: Int)
    case tooLong(maximum: Int)
    case notAMonth
    case notAYear
    case notAnOption([String])
    case controlCharacters

    /// What to fix, as a catalog message.
    public var message: Message {
        switch self {
        case .tooShort(let n): Message("questions.tooShort", ["min": String(n)])
        case .tooLong(let n): Message("questions.tooLong", ["max": String(n)])
        case .notAMonth: Message("questions.notAMonth")
        case .notAYear: Message("questions.notAYear")
        case .notAnOption(let options): Message("questions.notAnOption", ["options": options.joined(separator: ", ")])
        case .controlCharacters: Message("questions.characters")
        }
    }
}

/// Normalises and checks challenge answers, so that "  May " and "may" and "5" are one answer.
public enum AnswerRules {
    public static let freeTextLength = 5...255
    static let months = ["january", "february", "march", "april", "may", "june", "july",
                         "august", "september", "october", "november", "december"]

    /// Trimmed, inner white space collapsed, NFKC, case-folded.
    public static func normalize(_ raw: String) -> String {
        let compatible = raw.precomposedStringWithCompatibilityMapping
        let words = compatible.split(whereSeparator: { $0.isWhitespace })
        return words.joined(separator: " ").lowercased()
    }

    /// The canonical answer for `kind`, the string that is hashed, or the problem with it.
    public static func canonical(_ raw: String, kind: ChallengeQuestion.Kind) -> Result<String, AnswerProblem> {
        if raw.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            return .failure(.controlCharacters)
        }
        let answer = normalize(raw)
        switch kind {
        case .freeText:
            if answer.count < freeTextLength.lowerBound { return .failure(.tooShort(minimum: freeTextLength.lowerBound)) }
            if answer.count > freeTextLength.upperBound { return .failure(.tooLong(maximum: freeTextLength.upperBound)) }
            return .success(answer)
        case .month:
            if let number = Int(answer), (1...12).contains(number) { return .success(String(number)) }
            if let index = months.firstIndex(where: { $0 == answer || (answer.count == 3 && $0.hasPrefix(answer)) }) {
                return .success(String(index + 1))
            }
            return .failure(.notAMonth)
        case .year:
            guard answer.count == 4, answer.allSatisfy(\.isASCII), let year = Int(answer), (1900...2200).contains(year) else {
                return .failure(.notAYear)
            }
            return .success(answer)
        case .choice(let options):
            guard let match = options.first(where: { normalize($0) == answer }) else {
                return .failure(.notAnOption(options))
            }
            return .success(normalize(match))
        }
    }
}
