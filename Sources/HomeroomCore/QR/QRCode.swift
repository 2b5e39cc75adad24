import CQRCodeGen
import Foundation

/// A QR code made by Nayuki's QR Code generator library (Debian's `libqrcodegen`), drawn as SVG
/// for letters and badges. Nothing here encodes QR itself.
public struct QRCode: Sendable, Equatable {
    /// Modules per side.
    public let size: Int
    /// Dark modules, row by row (`size * size`).
    public let modules: [Bool]

    /// The code for `text` at error-correction level M (15%: a crumpled badge still reads), the
    /// smallest version that holds it. Nil when the text is too long for any QR code.
    public init?(_ text: String) {
        let length = homeroom_qrcodegen_buffer_len_max()
        var temp = [UInt8](repeating: 0, count: length)
        var code = [UInt8](repeating: 0, count: length)
        let ok = qrcodegen_encodeText(text, &temp, &code, qrcodegen_Ecc_MEDIUM, qrcodegen_VERSION_MIN,
                                      qrcodegen_VERSION_MAX, qrcodegen_Mask_AUTO, true)
        guard ok else { return nil }
        let size = Int(qrcodegen_getSize(code))
        self.size = size
        self.modules = (0..<size * size).map { qrcodegen_getModule(code, Int32($0 % size), Int32($0 / size)) }
    }

    /// Whether the module at column `x`, row `y` is dark.
    public func isDark(x: Int, y: Int) -> Bool { modules[y * size + x] }

    /// An SVG of the code with the four-module quiet zone the standard asks for, one path of
    /// unit squares in a `viewBox` (so print scales it sharply); `label` is its accessible name.
    public func svg(label: String) -> String {
        let quiet = 4, side = size + 2 * quiet
        var path = ""
        path.reserveCapacity(size * size * 4)
        for y in 0..<size {
            for x in 0..<size where isDark(x: x, y: y) {
                path += "M\(x + quiet) \(y + quiet)h1v1h-1z"
            }
        }
        return """
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(side) \(side)" role="img" aria-label="\(Self.escape(label))" \
            shape-rendering="crispEdges"><rect width="\(side)" height="\(side)" fill="#fff"/><path d="\(path)" fill="#000"/></svg>
            """
    }

    /// A `width` × `height` gray frame (one byte a pixel), white, with the code drawn at `scale`
    /// pixels a module in its middle: what a camera sees of a badge held flat (for measuring
    /// the decoder).
    public func grayFrame(width: Int, height: Int, scale: Int) -> [UInt8] {
        var pixels = [UInt8](repeating: 255, count: width * height)
        let left = (width - size * scale) / 2, top = (height - size * scale) / 2
        for y in 0..<size * scale where top + y >= 0 && top + y < height {
            for x in 0..<size * scale where left + x >= 0 && left + x < width && isDark(x: x / scale, y: y / scale) {
                pixels[(top + y) * width + left + x] = 0
            }
        }
        return pixels
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}
