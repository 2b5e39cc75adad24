import Foundation
import HomeroomCore
import HummingbirdTesting

/// The password every test account is given.
let testPassword = "correct horse battery"

extension AppDatabase {
    /// Claims a student of `sampleRosterCSV` directly, with `password` hashed at `parameters`.
    func claimForTest(id: String = "0012345", password: String = testPassword,
                      parameters: HashParameters = testConfig().hash) async throws {
        let hash = try PasswordHasher(parameters: parameters).hash(PasswordPolicy.normalized(password))
        _ = try await completeClaim(studentID: id, passwordHash: hash, answers: [], at: Date())
    }

    /// Adds a staff account; with a password it signs in locally, without it through PAM.
    func addStaffForTest(_ username: String, role: Staff.Role = .teacher, displayName: String = "Ana Rivera",
                         password: String? = testPassword) throws {
        let hash = try password.map { try PasswordHasher(parameters: testConfig().hash).hash(PasswordPolicy.normalized($0)) }
        try addStaff(Staff(username: username, displayName: displayName, role: role, passwordHash: hash, at: Date()))
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
