// Times Verifier.verify through the Kotlin binding on the committed presentation
// tests/vectors/presentation/internet-cafe.cbor (with the manifest's issuer key and time):
// warm-up, then 5 rounds of 2000 calls; prints the median time per call.
//
//     bash scripts/test-kotlin.sh bench
package cn.wangzheng.bench

import cn.wangzheng.Verifier
import cn.wangzheng.defaultPolicy
import cn.wangzheng.use
import java.io.File
import kotlin.system.exitProcess

private const val ROUNDS = 5
private const val CALLS = 2000
private const val WARMUP = 20000

fun main() {
    val root = File(System.getProperty("wangzheng.root") ?: ".")
    val manifest = File(root, "tests/vectors/manifest.json").readText()
    // The case's fields, read without a JSON library: the manifest is machine-written.
    val start = Regex(""""name":\s*"presentation/internet-cafe"""").find(manifest)?.range?.last
    val case = start?.let { manifest.substring(it, manifest.indexOf("\"name\"", it).takeIf { e -> e > 0 } ?: manifest.length) }
        ?: run {
            System.err.println("presentation/internet-cafe not found in the manifest")
            exitProcess(1)
        }
    fun field(name: String) = Regex(""""$name":\s*"?([^",]+)"?""").find(case)?.groupValues?.get(1)
        ?: run {
            System.err.println("presentation/internet-cafe has no $name")
            exitProcess(1)
        }
    val issuerKey = field("issuer_public_key").chunked(2).map { it.toInt(16).toByte() }.toByteArray()
    val now = field("now").toULong()
    val presentation = File(root, "tests/vectors/${field("file")}").readBytes()

    Verifier(defaultPolicy()).use { verifier ->
        verifier.addIssuerKey(issuerKey)
        repeat(WARMUP) { verifier.verify(presentation, now) }
        val perCall = (1..ROUNDS).map {
            val start = System.nanoTime()
            repeat(CALLS) { verifier.verify(presentation, now) }
            (System.nanoTime() - start) / 1000.0 / CALLS
        }.sorted()
        println("rounds (us/call): ${perCall.joinToString(" ") { "%.1f".format(it) }}")
        println("kotlin verify: %.1f us/call (median of %d x %d)".format(perCall[ROUNDS / 2], ROUNDS, CALLS))
    }
}
