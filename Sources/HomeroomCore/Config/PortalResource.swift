import Foundation

/// One link on the portal home.
public struct PortalResource: Codable, Sendable, Equatable {
    public var name: String
    public var url: String
    /// An image shown beside the name: a path on this server or an `https://` URL.
    public var icon: String?
    /// Who sees it; left out, everyone signed in does.
    public var roles: [PortalRole]
    /// A registered app (its client id): the tile starts the app's sign-in at its
    /// `initiate_login_uri`, so one click lands the person in the app signed in. `url` may then
    /// be left out; it is used when the app registered no such URI.
    public var client: String?

    public init(name: String, url: String, icon: String? = nil, roles: [PortalRole] = PortalRole.allCases, client: String? = nil) {
        self.name = name
        self.url = url
        self.client = client
        self.icon = icon
        self.roles = roles
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        client = try c.decodeIfPresent(String.self, forKey: .client)
        url = try client == nil ? c.decode(String.self, forKey: .url) : c.decodeIfPresent(String.self, forKey: .url) ?? ""
        icon = try c.decodeIfPresent(String.self, forKey: .icon)
        roles = try c.decodeIfPresent([PortalRole].self, forKey: .roles) ?? PortalRole.allCases
    }

    /// A path on this server (`/…`, not `//…`) or an absolute `https://` URL; never `javascript:`.
    public static func isSafeLink(_ link: String) -> Bool {
        if link.hasPrefix("/") { return isPathOnThisServer(link) }
        guard let url = URL(string: link), url.scheme?.lowercased() == "https", url.host != nil else { return false }
        return true
    }

    /// `/…`, but not `//host…` or `/\\host…`, which browsers read as another server.
    public static func isPathOnThisServer(_ link: String) -> Bool {
        link.hasPrefix("/") && !link.hasPrefix("//") && !link.contains("\\")
    }

    func validate(named name: String) throws {
        guard (1...100).contains(self.name.count) else { throw ConfigError(setting: "\(name).name", problem: "must be 1 to 100 characters") }
        guard (client != nil && url.isEmpty) || Self.isSafeLink(url) || url.lowercased().hasPrefix("http://") && URL(string: url)?.host != nil else {
            throw ConfigError(setting: "\(name).url", problem: "must be a path on this server or an http(s):// URL")
        }
        if let icon, !Self.isSafeLink(icon) {
            throw ConfigError(setting: "\(name).icon", problem: "must be a path on this server or an https:// URL")
        }
        guard !roles.isEmpty else { throw ConfigError(setting: "\(name).roles", problem: "must name at least one role") }
    }
}

/// Who a signed-in person is, for what the portal shows them.
public enum PortalRole: String, Codable, Sendable, CaseIterable {
    case student, teacher, technician, admin
}
