import Foundation

/// The check that keeps the district's accent colour readable: white text on it, and it on white,
/// need WCAG AA contrast (4.5:1).
public enum AccentColor {
    /// The `#rrggbb` colour's contrast ratio with white (WCAG 2.1 relative luminance); nil when
    /// the text is not such a colour.
    public static func contrastWithWhite(_ hex: String) -> Double? {
        guard hex.count == 7, hex.first == "#", let value = Int(hex.dropFirst(), radix: 16) else { return nil }
        func linear(_ channel: Int) -> Double {
            let c = Double(channel) / 255
            return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4)
        }
        let luminance = 0.2126 * linear(value >> 16 & 0xff) + 0.7152 * linear(value >> 8 & 0xff) + 0.0722 * linear(value & 0xff)
        return 1.05 / (luminance + 0.05)
    }
}
