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
        add(ClaimCodePage.self, at: "/claim/code", kind: .claim, to: router) { student, now in
            (.claiming(ClaimFlow.started(byCodeFor: student.studentID, now: now)), ClaimStep.password.path)
        }
        add(ResetCodePage.self, at: "/forgot-password/code", kind: .reset, to: router) { student, now in
            (.resetting(RecoveryFlow.started(byCodeFor: student.studentID, asksNewAnswers: services.config.codes.resetAsksNewAnswers, now: now)),
             RecoveryStep.newPassword.path)
        }
    }

    /// The page at `path` and its POST: a code of `kind` that works starts the flow `start` makes
    /// (in a new session) and goes on to its step.
    func add<Page: CodePage>(_ page: Page.Type, at path: RouterPath, kind: CodeKind, to router: Router<AppRequestContext>,
                             start: @escaping @Sendable (Student, Date) -> (WebSession, String)) {
        router.get(path) { request, context in
            var page = Page(chrome: services.renderer.chrome(title: Page.title, context: context))
            page.expired = request.uri.queryParameters["expired"] != nil
            page.code = request.uri.queryParameters["code"].flatMap { OneTimeCode.normalize(String($0)) }.map(OneTimeCode.display) ?? ""
            return services.renderer.page(page)
        }
        router.post(path) { _, context in
            var page = Page(chrome: services.renderer.chrome(title: Page.title, context: context))
            switch try await codes.redeem(context.form["code"] ?? "", kind: kind, by: context.actor()) {
            case .redeemed(let student):
                let (flow, next) = start(student, services.clock.now)
                context.sessions.createSession(flow, expiresIn: .seconds(Int64(idle)))
                return seeOther(next)
            case .failed:
                page.failed = true
                return services.renderer.page(page, status: .unprocessableContent)
            case .throttled:
                page.throttled = true
                return services.renderer.page(page, status: .tooManyRequests)
            }
        }
    }
}
