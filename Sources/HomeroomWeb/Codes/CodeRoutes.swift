import Foundation
import HomeroomCore
import Hummingbird
import HummingbirdAuth

/// The one-time codes a school hands out: `/claim/code` starts Claim My Account at its password
/// step, `/forgot-password/code` starts Forgot my Password at its new-password step. The rules
/// and bookkeeping are `CodeOperations`; the steps after are the flows' own routes.
struct CodeRoutes: Sendable {
    let services: AppServices
    let codes: CodeOperations

    var idle: TimeInterval { services.core.flowIdle }

    func add(to router: Router<AppRequestContext>) {
        router.get("/claim/code") { request, context in
            var page = claimPage(context)
            page.expired = request.uri.queryParameters["expired"] != nil
            return services.renderer.page(page)
        }
        router.post("/claim/code") { _, context in
            var page = claimPage(context)
            switch try await codes.redeem(context.form["code"] ?? "", kind: .claim, by: context.actor()) {
            case .redeemed(let student):
                let flow = ClaimFlow.started(byCodeFor: student.studentID, now: services.clock.now)
                context.sessions.createSession(.claiming(flow), expiresIn: .seconds(Int64(idle)))
                return seeOther(ClaimStep.password.path)
            case .failed:
                page.failed = true
                return services.renderer.page(page, status: .unprocessableContent)
            case .throttled:
                page.throttled = true
                return services.renderer.page(page, status: .tooManyRequests)
            }
        }
        router.get("/forgot-password/code") { request, context in
            var page = resetPage(context)
            page.expired = request.uri.queryParameters["expired"] != nil
            return services.renderer.page(page)
        }
        router.post("/forgot-password/code") { _, context in
            var page = resetPage(context)
            switch try await codes.redeem(context.form["code"] ?? "", kind: .reset, by: context.actor()) {
            case .redeemed(let student):
                let flow = RecoveryFlow.started(byCodeFor: student.studentID, now: services.clock.now)
                context.sessions.createSession(.resetting(flow), expiresIn: .seconds(Int64(idle)))
                return seeOther(RecoveryStep.newPassword.path)
            case .failed:
                page.failed = true
                return services.renderer.page(page, status: .unprocessableContent)
            case .throttled:
                page.throttled = true
                return services.renderer.page(page, status: .tooManyRequests)
            }
        }
    }

    func claimPage(_ context: AppRequestContext) -> ClaimCodePage {
        ClaimCodePage(chrome: services.renderer.chrome(title: "code.claimTitle", context: context))
    }

    func resetPage(_ context: AppRequestContext) -> ResetCodePage {
        ResetCodePage(chrome: services.renderer.chrome(title: "code.resetTitle", context: context))
    }
}
