import Foundation
import HomeroomCore
import HomeroomWeb
import HummingbirdTesting
import Testing

/// Staff through the real libpam and pam_unix: a system user and a PAM service file are made for
/// each test and removed after it. Needs root (CI runs as root).
@Suite(.serialized, .enabled(if: getuid() == 0, "creating system users needs root"))
struct PAMTests {
    static let password = "Pam-Test-Password-1"

    /// Runs a system command; throws with its output when it fails.
    static func run(_ path: String, _ arguments: [String], input: String? = nil) throws {
        let run = try ChildProcess.run(path, arguments, input: input)
        guard run.status == 0 else { throw CommandFailed(command: path, output: run.out + run.err) }
    }

    struct CommandFailed: Error { let command: String; let output: String }

    /// Makes a system user with `password` and a PAM service using pam_unix, runs `body` with a
    /// configuration that enables PAM for that service, then removes both.
    func withPAMUser<T>(_ body: (String, AppConfig) async throws -> T) async throws -> T {
        let suffix = String(UUID().uuidString.prefix(8)).lowercased()
        let user = "hrpam\(suffix)", service = "homeroom-test-\(suffix)"
        let serviceFile = "/etc/pam.d/\(service)"
        try Self.run("/usr/sbin/useradd", ["--no-create-home", "--shell", "/usr/sbin/nologin", user])
        defer { try? Self.run("/usr/sbin/userdel", [user]) }
        try Self.run("/usr/sbin/chpasswd", [], input: "\(user):\(Self.password)\n")
        try "auth required pam_unix.so nodelay\naccount required pam_unix.so\n".write(toFile: serviceFile, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: serviceFile) }
        var config = testConfig()
        config.pam = PAMSettings(enabled: true, service: service)
        return try await body(user, config)
    }

    @Test func staffSignsInWithTheSystemPassword() async throws {
        try await withPAMUser { user, config in
            try await withApp(config) { client, database in
                try database.addStaffForTest(user, password: nil)
                var browser = Browser(client)
                #expect(try await browser.signIn(user, password: Self.password).location == "/portal")
            }
        }
    }

    @Test func wrongSystemPasswordGetsTheFixedMessage() async throws {
        try await withPAMUser { user, config in
            try await withApp(config) { client, database in
                try database.addStaffForTest(user, password: nil)
                var browser = Browser(client)
                let response = try await browser.signIn(user, password: "not the password")
                #expect(response.status == .ok && response.text.contains("Invalid username or password."))
            }
        }
    }

    @Test func systemUserWhoIsNotStaffCannotSignIn() async throws {
        try await withPAMUser { user, config in
            try await withApp(config) { client, _ in
                var browser = Browser(client)
                let response = try await browser.signIn(user, password: Self.password)
                #expect(response.text.contains("Invalid username or password."))
            }
        }
    }

    @Test func pamAuthenticatorAcceptsTheRightPasswordAndRefusesAWrongOne() async throws {
        try await withPAMUser { user, config in
            let pam = PAMAuthenticator(service: config.pam.service)
            #expect(pam.authenticate(username: user, password: Self.password, storedHash: nil))
            #expect(!pam.authenticate(username: user, password: "wrong", storedHash: nil))
        }
    }
}

/// The refusal to start with PAM on and no service file (PAM would fall back to `other`).
@Suite struct PAMServiceFileTests {
    @Test func serverRefusesToStartWhenThePAMServiceFileIsMissing() async throws {
        var config = testConfig()
        config.pam = PAMSettings(enabled: true, service: "homeroom-no-such-service")
        await #expect(throws: ConfigError.self) { _ = try await buildApplication(config: config, root: packageRoot) }
    }

    @Test func missingServiceFileIsNamedAsThePAMServiceSetting() {
        let settings = PAMSettings(enabled: true, service: "homeroom-no-such-service")
        let error = #expect(throws: ConfigError.self) { try settings.checkServiceFile() }
        #expect(error?.setting == "pam.service")
    }

    @Test func pamOffNeedsNoServiceFile() throws {
        try PAMSettings(enabled: false, service: "homeroom-no-such-service").checkServiceFile()
    }

    @Test func serviceNameWithAPathIsRefused() {
        var config = testConfig()
        config.pam = PAMSettings(enabled: true, service: "../shadow")
        #expect(throws: ConfigError(setting: "pam.service", problem: "must be a file name in /etc/pam.d (letters, digits, . _ -)")) {
            try config.validate()
        }
    }
}
