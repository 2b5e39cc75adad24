import Foundation

/// Staff passwords checked by PAM (`pam_unix`, `pam_sss`, …) for staff with no local password.
public struct PAMSettings: Codable, Sendable, Equatable {
    public var enabled = false
    /// The service: its file is `/etc/pam.d/<service>`, which must exist when PAM is enabled.
    public var service = "homeroom"

    public init(enabled: Bool = false, service: String = "homeroom") {
        self.enabled = enabled
        self.service = service
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        enabled = try c.decodeIfPresent(Bool.self, forKey: .enabled) ?? false
        service = try c.decodeIfPresent(String.self, forKey: .service) ?? "homeroom"
    }

    func validate() throws {
        guard service.range(of: "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$", options: .regularExpression) != nil else {
            throw ConfigError(setting: "pam.service", problem: "must be a file name in /etc/pam.d (letters, digits, . _ -)")
        }
    }

    /// Refuses to run with PAM on when the service has no file in `directory`: PAM would fall
    /// back to the `other` service, which on some systems lets anyone in.
    public func checkServiceFile(directory: String = "/etc/pam.d") throws {
        guard enabled else { return }
        guard FileManager.default.fileExists(atPath: directory + "/" + service) else {
            throw ConfigError(setting: "pam.service",
                              problem: "has no file \(directory)/\(service); PAM would fall back to 'other', so the server will not start")
        }
    }
}
