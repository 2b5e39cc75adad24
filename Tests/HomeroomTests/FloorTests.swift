import Foundation
import Testing

/// The floors inside the core: each folder names only types of the folders below it, so no
/// loop can come back. (Package.swift keeps the web out of the core; this keeps the core's
/// own folders in order.)
@Suite struct FloorTests {
    /// From the ground up.
    static let floors = ["Localization", "QR", "Config", "Security", "Store", "Metrics", "Flows"]
    static let core = packageRoot.path + "/Sources/HomeroomCore"

    /// The Swift files of each folder of the core, with their text (comments removed).
    func sources() throws -> [String: [(file: String, text: String)]] {
        var byFolder: [String: [(String, String)]] = [:]
        let enumerator = FileManager.default.enumerator(atPath: Self.core)
        while let path = enumerator?.nextObject() as? String {
            guard path.hasSuffix(".swift") else { continue }
            let text = try String(contentsOfFile: Self.core + "/" + path, encoding: .utf8)
                .replacingOccurrences(of: #"//[^\n]*"#, with: "", options: .regularExpression)
            byFolder[String(path.split(separator: "/")[0]), default: []].append((path, text))
        }
        return byFolder
    }

    /// The folder that declares each top-level type.
    func declarations(_ sources: [String: [(file: String, text: String)]]) throws -> [String: String] {
        let declaration = try Regex(#"^(?:(?:public|package|final) )*(?:struct|enum|class|protocol|actor) (\w+)"#)
            .anchorsMatchLineEndings()
        var folderOf: [String: String] = [:]
        for (folder, files) in sources {
            for file in files {
                for match in file.text.matches(of: declaration) {
                    if let name = match.output[1].substring { folderOf[String(name)] = folder }
                }
            }
        }
        return folderOf
    }

    @Test func everyCoreFolderIsOnAFloor() throws {
        #expect(Set(try sources().keys) == Set(Self.floors))
    }

    @Test func eachFolderNamesOnlyTypesOfTheFloorsBelow() throws {
        let sources = try sources()
        let folderOf = try declarations(sources)
        for (folder, files) in sources {
            let level = Self.floors.firstIndex(of: folder)!
            for file in files {
                for name in Set(file.text.split(whereSeparator: { !$0.isLetter && !$0.isNumber && $0 != "_" }).map(String.init)) {
                    guard let other = folderOf[name], let otherLevel = Self.floors.firstIndex(of: other) else { continue }
                    #expect(otherLevel <= level, "\(file.file) names \(name) of \(other), a floor above \(folder)")
                }
            }
        }
    }
}
