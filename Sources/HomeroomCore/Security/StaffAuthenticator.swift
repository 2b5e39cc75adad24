import CPAM
import Foundation

/// Checks a staff member's password. Blocking: call it only from the `BlockingPool`.
public protocol StaffAuthenticator: Sendable {
    /// Whether `password` is right for `username`, whose local hash (if any) is `storedHash`.
    func authenticate(username: String, password: String, storedHash: String?) -> Bool
}

/// Staff with a local password: Argon2id like students. With no stored hash it verifies against
/// a decoy hash, so the failure takes as long as a real check.
public struct LocalAuthenticator: StaffAuthenticator {
    let hasher: PasswordHasher
    let decoyHash: String

    public init(hasher: PasswordHasher, decoyHash: String) {
        self.hasher = hasher
        self.decoyHash = decoyHash
    }

    public func authenticate(username: String, password: String, storedHash: String?) -> Bool {
        let matched = hasher.verify(PasswordPolicy.normalized(password), against: storedHash ?? decoyHash)
        return matched && storedHash != nil
    }
}

/// Staff checked by the system's PAM stack under `service` (pam_unix needs read access to the
/// shadow data: run as root or in group `shadow`; pam_sss does not).
public struct PAMAuthenticator: StaffAuthenticator {
    public let service: String

    public init(service: String) { self.service = service }

    public func authenticate(username: String, password: String, storedHash: String?) -> Bool {
        guard !username.contains("\0"), !password.contains("\0") else { return false }
        return homeroom_pam_check(service, username, password) == PAM_SUCCESS
    }
}
