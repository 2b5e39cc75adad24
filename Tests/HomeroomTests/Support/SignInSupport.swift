import Foundation
import HomeroomCore
import HummingbirdTesting

/// The password every test account is given.
let testPassword = "correct horse battery"

extension ClaimStore {
    /// Claims a student of `sampleRosterCSV` directly, with `password` hashed at `parameters`.
    func claimForTest(id: String = "0012345", password: String = testPassword,
                      parameters: HashParameters = testConfig().hash) async throws {
        let hash = try PasswordHasher(parameters: parameters).hash(PasswordPolicy.normalized(password))
        _ = try await completeClaim(studentID: id, passwordHash: hash, answers: [], at: Date())
    }
}

extension AppDatabase {
    /// Adds a staff account; with a password it signs in locally, without it through PAM.
    func addStaffForTest(_ username: String, role: Staff.Role = .teacher, displayName: String = "Ana Rivera",
                         password: String? = testPassword) throws {
        let hash = try password.map { try PasswordHasher(parameters: testConfig().hash).hash(PasswordPolicy.normalized($0)) }
        try addStaff(Staff(username: username, displayName: displayName, role: role, passwordHash: hash, at: Date()), audit: .test(.addStaff))
    }
}

extension Browser {
    /// Both steps of sign-in; returns the password step's response.
    @discardableResult
    mutating func signIn(_ username: String, password: String = testPassword) async throws -> TestResponse {
        try await get("/")
        try await post("/login", [("username", username)])
        try await get("/login/password")
        return try await post("/login/password", [("password", password)])
    }
}

extension Browser {
    /// Forgot my Password, step 1; returns the answers page.
    @discardableResult
    mutating func startReset(_ username: String) async throws -> TestResponse {
        try await get("/forgot-password")
        try await post("/forgot-password", [("username", username)])
        return try await get("/forgot-password/answers")
    }

    /// Step 2 with `answers`; returns the POST's response.
    @discardableResult
    mutating func answerReset(_ answers: [(String, String)] = Browser.goodAnswers) async throws -> TestResponse {
        try await post("/forgot-password/answers", answers)
    }

    /// Steps 1 to 3 for `username`, ending on the redirect to the done page.
    @discardableResult
    mutating func resetPassword(_ username: String = "s0012345", to password: String) async throws -> TestResponse {
        try await startReset(username)
        try await answerReset()
        try await get("/forgot-password/new")
        return try await post("/forgot-password/new", [("password", password), ("password_confirm", password)])
    }

    /// Forgot Username with the three roster fields.
    @discardableResult
    mutating func lookUpUsername(last: String = "O'Brien", first: String = "Mary Kate",
                                 id: String = "0012345") async throws -> TestResponse {
        try await get("/forgot-username")
        return try await post("/forgot-username", [("last_name", last), ("first_name", first), ("student_id", id)])
    }
}

/// The names of the `answer_…` fields on a page, in order.
func answerFields(_ html: String) -> [String] {
    let regex = try! NSRegularExpression(pattern: #"<label for="(answer_[a-z_]+)">"#)
    return regex.matches(in: html, range: NSRange(html.startIndex..., in: html)).map {
        String(html[Range($0.range(at: 1), in: html)!])
    }
}

/// Well-formed (and wrong) answers for the default questions named by `fields`.
func wellFormedAnswers(_ fields: [String]) -> [(String, String)] {
    let byField = ["answer_birth_month": "5", "answer_birth_year": "2011", "answer_favorite_fruit": "apple",
                   "answer_favorite_season": "spring"]
    return fields.map { ($0, byField[$0] ?? "something") }
}
