import HomeroomCore
import Hummingbird

/// An error that is shown to the person as a page with a status and a plain message, both
/// catalog keys, said in the request's language.
public struct PageError: Error, Sendable {
    public let status: HTTPResponse.Status
    public let title: String
    public let message: Message
    public var headers: HTTPFields = [:]

    public init(status: HTTPResponse.Status, title: String, message: Message) {
        self.status = status
        self.title = title
        self.message = message
    }

    public static func badRequest(_ message: Message) -> PageError {
        PageError(status: .badRequest, title: "error.formTitle", message: message)
    }

    public static let csrf = PageError(status: .forbidden, title: "error.csrfTitle", message: Message("error.csrf"))

    public static let tooLarge = PageError(status: .contentTooLarge, title: "error.tooLargeTitle", message: Message("error.tooLarge"))

    public static let notFound = PageError(status: .notFound, title: "error.notFoundTitle", message: Message("error.notFound"))

    public static var busy: PageError {
        var error = PageError(status: .serviceUnavailable, title: "error.busyTitle", message: Message("error.busy"))
        error.headers[.retryAfter] = "5"
        return error
    }

    public static let internalError = PageError(status: .internalServerError, title: "error.internalTitle",
                                                message: Message("error.internal"))
}
