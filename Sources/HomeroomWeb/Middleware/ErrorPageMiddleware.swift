import HomeroomCore
import Hummingbird

/// Turns every error into a page a person can read: never a stack trace, never an empty 500.
struct ErrorPageMiddleware: RouterMiddleware {
    let renderer: Renderer

    /// The model of `error.mustache`.
    struct ErrorPage: PageModel {
        static let template = Template.error
        let chrome: Chrome
        let message: String
    }

    func handle(_ request: Request, context: AppRequestContext,
                next: (Request, AppRequestContext) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as PageError {
            return render(error, context: context)
        } catch is BlockingPool.Saturated {
            return render(.busy, context: context)
        } catch let error as HTTPError {
            switch error.status {
            case .notFound: return render(.notFound, context: context)
            case .contentTooLarge: return render(.tooLarge, context: context)
            case .methodNotAllowed:
                return render(PageError(status: .methodNotAllowed, title: "error.methodTitle", message: Message("error.method")),
                              context: context)
            default:
                return render(.badRequest(Message("error.badRequest")), context: context)
            }
        } catch {
            context.logger.error("request failed", metadata: ["error": "\(String(reflecting: error))"])
            return render(.internalError, context: context)
        }
    }

    func render(_ error: PageError, context: AppRequestContext) -> Response {
        let page = ErrorPage(chrome: renderer.chrome(title: error.title, context: context), message: context.t.text(error.message))
        return renderer.page(page, status: error.status, headers: error.headers)
    }
}
