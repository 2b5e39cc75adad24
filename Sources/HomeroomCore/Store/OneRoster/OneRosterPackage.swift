import Foundation
import ZIPFoundation

/// A OneRoster CSV bulk or delta export (1EdTech OneRoster 1.1 or 1.2): a folder holding
/// `manifest.csv` and the data files, or a `.zip` of them (read with ZIPFoundation; the files
/// may sit in one folder inside it). The zip's files are extracted to a temporary folder, deleted
/// with the package, so each is then streamed from disk.
final class OneRosterPackage {
    /// The most bytes one file of a zip may unpack to (a zip bomb stops here).
    static let maxFileBytes: UInt64 = 4 << 30

    let folder: URL
    private let temporary: URL?
    let manifest: OneRosterManifest

    /// Whether `path` looks like a OneRoster export: a folder with `manifest.csv`, or a zip.
    static func isPackage(_ path: String) -> Bool {
        var directory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &directory), directory.boolValue {
            return FileManager.default.fileExists(atPath: (path as NSString).appendingPathComponent("manifest.csv"))
        }
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        return (try? handle.read(upToCount: 4)) == Data([0x50, 0x4B, 0x03, 0x04])
    }

    init(path: String) throws {
        var directory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &directory) else {
            throw RosterError(problems: ["\(path): no such file or folder"])
        }
        if directory.boolValue {
            folder = URL(fileURLWithPath: path)
            temporary = nil
        } else {
            let unpacked = FileManager.default.temporaryDirectory.appendingPathComponent("homeroom-oneroster-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: unpacked, withIntermediateDirectories: true)
            temporary = unpacked
            folder = unpacked
            do { try Self.unzip(path, into: unpacked) } catch {
                try? FileManager.default.removeItem(at: unpacked)
                throw error
            }
        }
        do { manifest = try OneRosterManifest(table: OneRosterTable(folder: folder, name: "manifest.csv")) } catch {
            if let temporary { try? FileManager.default.removeItem(at: temporary) }
            throw error
        }
    }

    deinit {
        if let temporary { try? FileManager.default.removeItem(at: temporary) }
    }

    /// Extracts the zip's `.csv` files (by their names alone, so no entry can write outside
    /// `folder`).
    static func unzip(_ path: String, into folder: URL) throws {
        let archive: Archive
        do { archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read) } catch {
            throw RosterError(problems: ["\((path as NSString).lastPathComponent): not a zip file that can be read"])
        }
        var seen: Set<String> = []
        for entry in archive where entry.type == .file {
            let name = (entry.path as NSString).lastPathComponent
            guard name.lowercased().hasSuffix(".csv"), !name.hasPrefix("."), !entry.path.contains("__MACOSX") else { continue }
            guard seen.insert(name).inserted else { throw RosterError(problems: ["the zip holds \(name) twice"]) }
            guard UInt64(entry.uncompressedSize) <= maxFileBytes else { throw RosterError(problems: ["\(name) is too large"]) }
            do { _ = try archive.extract(entry, to: folder.appendingPathComponent(name)) } catch {
                throw RosterError(problems: ["\(name): cannot be read from the zip (\(error))"])
            }
        }
    }

    /// The data file `name` (e.g. `users.csv`), or nil when the export has none.
    func table(_ name: String) throws -> OneRosterTable? {
        FileManager.default.fileExists(atPath: folder.appendingPathComponent(name).path) ? try OneRosterTable(folder: folder, name: name) : nil
    }
}

/// `manifest.csv`: `propertyName,value` rows naming the OneRoster version and, per file, whether
/// it is `bulk`, `delta` or `absent`.
struct OneRosterManifest {
    let version: String
    let modes: [String: String]

    init(table: OneRosterTable) throws {
        var properties: [String: String] = [:]
        try table.rows(required: ["propertyName", "value"]) { row in
            properties[row["propertyName"]] = row["value"]
        }
        guard let version = properties["oneroster.version"], ["1.1", "1.2"].contains(version) else {
            throw RosterError(problems: ["manifest.csv: oneroster.version must be 1.1 or 1.2 (it is \(properties["oneroster.version"] ?? "missing"))"])
        }
        self.version = version
        modes = properties.filter { $0.key.hasPrefix("file.") }.reduce(into: [:]) { $0[String($1.key.dropFirst(5))] = $1.value.lowercased() }
    }

    /// How the manifest says `file` (e.g. `users`) is given: `bulk`, `delta` or `absent`.
    func mode(of file: String) -> String { modes[file] ?? "absent" }
}
