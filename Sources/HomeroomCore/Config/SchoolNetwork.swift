import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One of the district's school networks (`schoolNetworks`): the console names a throttled
/// address by the school it belongs to.
public struct SchoolNetwork: Codable, Sendable, Equatable {
    public var name: String
    /// An IPv4 or IPv6 network, e.g. `203.0.113.0/24` or `2001:db8:10::/48`.
    public var cidr: String

    public init(name: String, cidr: String) {
        self.name = name
        self.cidr = cidr
    }

    /// The network's address bytes and prefix length; nil when `cidr` is not one.
    var parsed: (bytes: [UInt8], prefix: Int)? {
        let parts = cidr.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let prefix = Int(parts[1]), let bytes = Self.bytes(of: String(parts[0])),
              (0...bytes.count * 8).contains(prefix) else { return nil }
        return (bytes, prefix)
    }

    /// Whether `address` is inside this network.
    public func contains(_ address: String) -> Bool {
        guard let (network, prefix) = parsed, let bytes = Self.bytes(of: address), bytes.count == network.count else { return false }
        for bit in 0..<prefix where (bytes[bit / 8] ^ network[bit / 8]) & (0x80 >> UInt8(bit % 8)) != 0 { return false }
        return true
    }

    /// An IPv4 (4 bytes) or IPv6 (16 bytes) address, as `inet_pton` reads it.
    static func bytes(of address: String) -> [UInt8]? {
        var v4 = in_addr(), v6 = in6_addr()
        if inet_pton(AF_INET, address, &v4) == 1 { return withUnsafeBytes(of: &v4) { Array($0) } }
        if inet_pton(AF_INET6, address, &v6) == 1 { return withUnsafeBytes(of: &v6) { Array($0) } }
        return nil
    }

    func validate(named name: String) throws {
        guard !self.name.isEmpty, self.name.count <= 100 else { throw ConfigError(setting: "\(name).name", problem: "must be 1 to 100 characters") }
        guard parsed != nil else { throw ConfigError(setting: "\(name).cidr", problem: "must be a network like 203.0.113.0/24 or 2001:db8::/48") }
    }
}

extension [SchoolNetwork] {
    /// The name of the school whose network holds `address`, if any.
    public func school(of address: String) -> String? {
        first { $0.contains(address) }?.name
    }
}
