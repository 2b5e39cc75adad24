import Foundation
import Hummingbird

/// Forgot Username: `/forgot-username`. Last name, first name and student ID, matched as in the
/// claim, show a claimed student their username. At most `usernameLookupsPerDay` requests per
/// student ID per day (counted before matching, whatever the outcome); the next one waits for
/// the next day. Failures give the claim's generic message.
struct UsernameLookupRoutes: Sendable {
    let services: AppServices

    var now: Date { services.clock.now }

    func add(to router: Router<AppRequestContext>) {
        router.get("/forgot-username") { _, context in
            services.renderer.tokenOnlyPage("recovery/username", title: "common.forgotUsername", context: context) { UsernameLookupPage(chrome: $0) }
        }
        router.post("/forgot-username") { _, context in try await submit(context) }
    }

    func page(_ context: AppRequestContext) -> UsernameLookupPage {
        UsernameLookupPage(chrome: services.renderer.chrome(title: "common.forgotUsername", context: context))
    }

    func submit(_ context: AppRequestContext) async throws -> Response {
        let (typed, parsed) = ClaimStartForm.parse(context.form)
        var page = page(context)
        page.typed = typed
        let form: ClaimStartForm
        switch parsed {
        case .failure(let problems):
            page.show(problems, context.t)
            return services.renderer.page("recovery/username", page, status: .unprocessableContent)
        case .success(let value): form = value
        }
        let address = ThrottleKey(scope: "username.address", key: context.clientAddress, rule: services.config.claimThrottle.perAddress)
        guard case .allowed(let ticket) = try await services.database.beginAttempt([address], at: now) else {
            page.throttled = true
            return try await refuse(page, form.studentID, reason: "address_throttled", context)
        }
        let count = try await services.database.countDailyRequest(scope: "username.lookup", key: form.studentID,
                                                                  day: CalendarDay.of(now))
        guard count <= services.config.recovery.usernameLookupsPerDay else {
            page.limited = true
            return try await refuse(page, form.studentID, reason: "daily_limit", context)
        }
        let student = try await services.database.student(id: form.studentID)
        switch Self.match(form, student: student) {
        case .failure(let reason):
            await services.audit(context, action: "username.lookup", subject: form.studentID, outcome: .failure, reason: reason.rawValue)
            page.failed = true
            return services.renderer.page("recovery/username", page)
        case .success(let username):
            try await services.database.forgive(ticket)
            await services.audit(context, action: "username.lookup", subject: form.studentID, outcome: .success, reason: nil)
            page.username = username
            return services.renderer.page("recovery/username", page)
        }
    }

    /// The claim's matching rules; only a claimed, active account has a username to show.
    static func match(_ form: ClaimStartForm, student: Student?) -> Result<String, ClaimStartFailure> {
        ClaimFlow.matchRoster(form, student: student).flatMap { student in
            guard student.active else { return .failure(.disabled) }
            guard student.isClaimed else { return .failure(.notClaimed) }
            return .success(student.username)
        }
    }

    func refuse(_ page: UsernameLookupPage, _ id: String, reason: String, _ context: AppRequestContext) async throws -> Response {
        await services.audit(context, action: "username.lookup", subject: id, outcome: .throttled, reason: reason)
        return services.renderer.page("recovery/username", page, status: .tooManyRequests)
    }
}
