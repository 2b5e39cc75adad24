import Hummingbird

/// An error that is shown to the person as a page with a status and a plain message.
public struct PageError: Error, Sendable {
    public let status: HTTPResponse.Status
    public let title: String
    public let message: String
    public var headers: HTTPFields = [:]

    public static func badRequest(_ message: String) -> PageError {
        PageError(status: .badRequest, title: "Something was wrong with the form", message: message)
    }

    public static let csrf = PageError(
        status: .forbidden, title: "This form has expired",
        message: "For your safety the form could not be accepted. Go back, reload the page, and try again.")

    public static let tooLarge = PageError(
        status: .contentTooLarge, title: "Too much was sent",
        message: "The form was larger than any answer needs. Go back and shorten what you typed.")

    public static let notFound = PageError(
        status: .notFound, title: "Page not found",
        message: "There is no page at this address. Start again from the home page.")

    public static var busy: PageError {
        var error = PageError(
            status: .serviceUnavailable, title: "Very busy right now",
            message: "Many students are signing in at once. Wait a few seconds, then send the form again.")
        error.headers[.retryAfter] = "5"
        return error
    }

    public static let internalError = PageError(
        status: .internalServerError, title: "Something went wrong",
        message: "The server could not finish this. Nothing was changed. Try again in a minute.")
}
