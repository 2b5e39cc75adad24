import Foundation

/// The database file holds every password and answer hash, the server's keys and live sessions:
/// only its owner may read it. A new file is made 0600 (SQLite gives its `-wal` and `-shm` the same
/// mode); an existing one that others can read is refused unless the district says otherwise.
enum DatabaseFile {
    static func prepare(_ path: String, allowReadableByOthers: Bool) throws {
        let manager = FileManager.default
        guard manager.fileExists(atPath: path) else {
            let descriptor = Foundation.open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
            guard descriptor >= 0 else { throw AppDatabase.OpenError(description: "cannot create \(path): \(String(cString: strerror(errno)))") }
            close(descriptor)
            return
        }
        guard !allowReadableByOthers else { return }
        for file in [path, path + "-wal", path + "-shm"] where manager.fileExists(atPath: file) {
            let mode = (try manager.attributesOfItem(atPath: file)[.posixPermissions] as? NSNumber)?.intValue ?? 0
            guard mode & 0o077 == 0 else {
                throw AppDatabase.OpenError(description: """
                    \(file) can be read by other users of this machine (mode \(String(mode, radix: 8))), and it holds password \
                    hashes and server keys: run chmod 600 \(path) \(path)-wal \(path)-shm, or set allowDatabaseReadableByOthers
                    """)
            }
        }
    }
}
