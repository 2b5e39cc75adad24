import Foundation
import Hummingbird

/// The fields of an `application/x-www-form-urlencoded` body, each at most once.
public struct FormFields: Sendable, Equatable {
    public let values: [String: String]

    public init(_ values: [String: String]) { self.values = values }

    /// The field's value, or nil when the form did not have it.
    public subscript(_ name: String) -> String? { values[name] }

    /// Most bytes a form body may have; more is answered with 413.
    public static let maxBodyBytes = 16 * 1024

    /// Decodes a body with Hummingbird's form decoder. Repeated fields, invalid percent-escapes
    /// and invalid UTF-8 are refused with a page that says so.
    public static func decode(_ body: ByteBuffer) throws -> FormFields {
        guard let text = String(validating: body.readableBytesView, as: UTF8.self) else {
            throw PageError.badRequest(Message("error.notUTF8"))
        }
        do {
            let values = try URLEncodedFormDecoder().decode([String: String].self, from: text)
            // The decoder turns percent-escaped bytes that are not UTF-8 into U+FFFD.
            if values.contains(where: { $0.key.contains("\u{FFFD}") || $0.value.contains("\u{FFFD}") }) {
                throw PageError.badRequest(Message("error.notUTF8"))
            }
            return FormFields(values)
        } catch let error as PageError {
            throw error
        } catch let error as URLEncodedFormError {
            if String(describing: error).contains("duplicate") {
                throw PageError.badRequest(Message("error.duplicateField"))
            }
            throw PageError.badRequest(Message("error.unreadable"))
        } catch {
            throw PageError.badRequest(Message("error.unreadable"))
        }
    }
}
