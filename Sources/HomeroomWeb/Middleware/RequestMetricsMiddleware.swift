import HomeroomCore
import Hummingbird

/// Times every request of the portal into `homeroom_http_request_duration_seconds`, by the
/// router's route pattern (never the raw path), method and final status. Outermost, so it sees
/// the status the error pages give.
struct RequestMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: ConnectionMetrics

    /// Methods this portal answers; any other is counted as "other", so a client cannot make
    /// new series at will.
    static func label(_ method: HTTPRequest.Method) -> String {
        switch method {
        case .get, .head, .post, .options: method.rawValue
        default: "other"
        }
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let clock = ContinuousClock(), start = clock.now
        let method = Self.label(request.method)
        do {
            let response = try await next(request, context)
            metrics.request(route: context.endpointPath ?? "NotFound", method: method, status: response.status.code,
                            took: clock.now - start)
            return response
        } catch {
            let status = (error as? any HTTPResponseError)?.status ?? .internalServerError
            metrics.request(route: context.endpointPath ?? "NotFound", method: method, status: status.code, took: clock.now - start)
            throw error
        }
    }
}
