import Foundation

/// The fields of a submitted form, each at most once (the web floor decodes them and refuses
/// repeated fields).
public struct FormFields: Sendable, Equatable {
    public let values: [String: String]

    public init(_ values: [String: String]) { self.values = values }

    /// The field's value, or nil when the form did not have it.
    public subscript(_ name: String) -> String? { values[name] }
}
