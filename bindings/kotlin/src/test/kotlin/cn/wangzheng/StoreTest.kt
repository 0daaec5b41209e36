// Export and restore of software-key and signer wallets, and status lists applied to a wallet.
package cn.wangzheng

import org.junit.jupiter.api.Assertions.assertArrayEquals
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

class StoreTest {
    private val issuer = Issuer.fromSeed(ISSUER_SEED)

    @Test
    fun `a software wallet exports and restores with its key and credentials`() {
        val key = generateStorageKey()
        Wallet.withSoftwareKey().use { wallet ->
            val (_, held) = issueInto(wallet, issuer)
            val store = wallet.export(key)
            assertFalse(store.contentEquals(wallet.export(key)), "a fresh nonce each export")
            Wallet.restore(store, key, null).use { restored ->
                assertArrayEquals(wallet.devicePublicKey(), restored.devicePublicKey())
                val creds = restored.credentials()
                assertEquals(1, creds.size)
                assertArrayEquals(held.credentialId, creds[0].credentialId)
                assertEquals(held.attributes, creds[0].attributes)
                assertEquals(held.expiresAt, creds[0].expiresAt)
                val v = pinnedVerifier(issuer).use { it.verify(restored.present(listOf("id_number"), NOW), NOW) }
                assertEquals(mapOf<String, Any?>("id_number" to "110101199003070011"), v.disclosed())
            }
        }
    }

    @Test
    fun `a signer wallet exports without its key and restores only with its signer`() {
        val key = generateStorageKey()
        val signer = JdkEd25519Signer()
        Wallet(signer).use { wallet ->
            val (_, held) = issueInto(wallet, issuer)
            val store = wallet.export(key)
            expectError("invalid_argument", "no signer for a store without a key") { Wallet.restore(store, key, null) }
            Wallet.restore(store, key, signer).use { restored ->
                assertArrayEquals(signer.publicKey(), restored.devicePublicKey())
                assertArrayEquals(held.credentialId, restored.credentials().single().credentialId)
                val before = signer.signatures.get()
                pinnedVerifier(issuer).use { it.verify(restored.present(listOf(), NOW), NOW) }
                assertEquals(before + 1, signer.signatures.get(), "the restored wallet signs with the Kotlin signer")
            }
        }
        // A software wallet's store can also be restored around a signer of the same key.
        val seed = ByteArray(32) { 42 }
        Wallet(softwareSignerFromSeed(seed)).use { wallet ->
            issueInto(wallet, issuer)
            val store = wallet.export(key)
            Wallet.restore(store, key, softwareSignerFromSeed(seed)).use { assertEquals(1, it.credentials().size) }
        }
    }

    @Test
    fun `applyStatus reports suspended, then revoked and deletes`() {
        // A wallet heeds only lists issued at or after its credential (issued at NOW).
        val t = NOW + 10uL
        Wallet.withSoftwareKey().use { wallet ->
            val (_, held) = issueInto(wallet, issuer, statusListId = 7u, statusIndex = 3u)
            assertEquals(7u, held.statusListId)
            val verifier = pinnedVerifier(issuer)
            val good = issuer.signStatusList(7u, 16u, listOf(), NOW, NOW + 86400uL)
            val goodChanges = wallet.applyStatus(good, verifier, t)
            assertEquals(1, goodChanges.size)
            assertEquals(StatusOutcome.GOOD, goodChanges[0].outcome)
            assertFalse(goodChanges[0].deleted)
            // A list older than the credential says nothing about it.
            val older = issuer.signStatusList(7u, 16u, listOf(StatusEntry(3u, CredentialState.REVOKED)), NOW - 60uL, NOW + 86400uL)
            assertEquals(emptyList<StatusChange>(), wallet.applyStatus(older, verifier, t))
            assertEquals(1, wallet.credentials().size)

            val suspended = issuer.signStatusList(7u, 16u, listOf(StatusEntry(3u, CredentialState.SUSPENDED)), NOW + 1uL, NOW + 86400uL)
            val changes = wallet.applyStatus(suspended, verifier, t)
            assertEquals(1, changes.size)
            assertArrayEquals(held.credentialId, changes[0].credentialId)
            assertEquals(StatusOutcome.SUSPENDED, changes[0].outcome)
            assertFalse(changes[0].deleted)
            assertEquals(1, wallet.credentials().size, "a suspended credential is kept")
            // A verifier with the list refuses it.
            val presentation = wallet.present(listOf(), t)
            pinnedVerifier(issuer).use { v ->
                assertTrue(v.updateStatusList(suspended, t))
                expectError("suspended", "verifier with the list") { v.verify(presentation, t) }
            }

            // A list signed by a stranger, or damaged, changes nothing.
            val stranger = Issuer.fromSeed(ByteArray(32) { 5 })
            val forged = stranger.signStatusList(7u, 16u, listOf(StatusEntry(3u, CredentialState.REVOKED)), NOW + 2uL, NOW + 86400uL)
            expectError("unknown_issuer", "status list of an unknown issuer") { wallet.applyStatus(forged, verifier, t) }
            assertEquals(1, wallet.credentials().size)
            val damaged = suspended.copyOf().also { it[it.size - 1] = (it[it.size - 1].toInt() xor 1).toByte() }
            expectError("bad_signature", "damaged status list") { wallet.applyStatus(damaged, verifier, t) }
            assertEquals(1, wallet.credentials().size)

            val revoked = issuer.signStatusList(7u, 16u, listOf(StatusEntry(3u, CredentialState.REVOKED)), NOW + 2uL, NOW + 86400uL)
            val gone = wallet.applyStatus(revoked, verifier, t)
            assertEquals(1, gone.size)
            assertEquals(StatusOutcome.REVOKED, gone[0].outcome)
            assertTrue(gone[0].deleted)
            assertTrue(wallet.credentials().isEmpty(), "a revoked credential is deleted")
            expectError("invalid_argument", "present from the emptied wallet") { wallet.present(listOf(), t) }
            verifier.close()
        }
    }

    @Test
    fun `applyStatus deletes a superseded credential and ignores other lists`() {
        Wallet.withSoftwareKey().use { wallet ->
            issueInto(wallet, issuer, statusListId = 2u, statusIndex = 0u)
            pinnedVerifier(issuer).use { verifier ->
                val otherList = issuer.signStatusList(9u, 8u, listOf(StatusEntry(0u, CredentialState.REVOKED)), NOW, NOW + 3600uL)
                assertEquals(emptyList<StatusChange>(), wallet.applyStatus(otherList, verifier, NOW + 5uL))
                assertEquals(1, wallet.credentials().size)
                val superseded = issuer.signStatusList(2u, 8u, listOf(StatusEntry(0u, CredentialState.SUPERSEDED)), NOW, NOW + 3600uL)
                val c = wallet.applyStatus(superseded, verifier, NOW + 5uL).single()
                assertEquals(StatusOutcome.SUPERSEDED, c.outcome)
                assertTrue(c.deleted)
                assertTrue(wallet.credentials().isEmpty())
            }
        }
    }
}
