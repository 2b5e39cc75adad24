import Foundation

/// A catalog message to show later in the reader's language: its key and the values of its
/// `{placeholders}`. Checks return these, not sentences, so the page can say them in Spanish.
public struct Message: Sendable, Equatable, Hashable {
    public let key: String
    public var values: [String: String]

    public init(_ key: String, _ values: [String: String] = [:]) {
        self.key = key
        self.values = values
    }
}
