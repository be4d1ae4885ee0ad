package dev.vigil.e2e.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.devnet.Devnet;
import dev.vigil.devnet.DevnetOptions;
import dev.vigil.devnet.chain.AcceptResult;
import dev.vigil.e2e.scenarios.DevnetChannel.RevokedState;
import dev.vigil.towerprotocol.testsupport.Await;
import dev.vigil.towerserver.app.Tower;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The status page in a real browser (Debian's chromium, headless, through its chromedriver: nothing
 * is downloaded), served by a real tower on the devnet: it shows the live numbers, follows a mined
 * block, lists a breach with its justice transaction's state as it moves, and charts block
 * processing times. Leaves a screenshot in {@code target/status-page.png}.
 */
class StatusPageIT {
    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    /** Bounded waits: the page polls every 2 s. */
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void thePageShowsTheLiveTowerABlockABreachAndTheLatencyChart() throws Exception {
        try (Devnet devnet = Devnet.start(DevnetOptions.defaults(dir.resolve("devnet")))) {
            DevnetChannel channel = DevnetChannel.open(devnet, "status-page");
            List<RevokedState> states = List.of(channel.revokedState(0), channel.revokedState(1));
            try (Tower tower = ScenarioTower.startSynced(ScenarioTower.flags(dir.resolve("tower"), devnet), dir, devnet)) {
                WebDriver driver = browser();
                try {
                    driver.get("http://127.0.0.1:" + tower.adminPort() + "/");
                    assertEquals("Vigil tower status", driver.getTitle());
                    int height = BreachScenariosIT.height(devnet);
                    awaitNumber(driver, "tip-height", height);
                    awaitText(driver, "bitcoind-state", "reachable");
                    awaitText(driver, "zmq-state", "delivering");
                    awaitText(driver, "lag", "0 blocks");
                    awaitNumber(driver, "users", 0);

                    TowerUser user = new TowerUser(tower.apiPort(), "status-page");
                    user.register().assertOk();
                    states.forEach(s -> user.addAccepted(s.appointment()));
                    awaitNumber(driver, "users", 1);
                    awaitNumber(driver, "appointments", 2);

                    devnet.mine(1);
                    awaitNumber(driver, "tip-height", height + 1);

                    RevokedState breach = states.get(1);
                    assertInstanceOf(AcceptResult.Accepted.class, devnet.submit(breach.commitment()));
                    int breachHeight = devnet.mine(1).get(0).height();
                    Await.until("the justice transaction in the devnet mempool",
                            () -> BreachScenariosIT.inMempool(devnet, breach.justiceTx().txid));
                    By row = By.cssSelector("#recent-breaches tr[data-dispute='" + breach.commitmentTxid().toDisplayHex() + "']");
                    awaitRowState(driver, row, "in mempool");
                    List<WebElement> cells = driver.findElement(row).findElements(By.tagName("td"));
                    assertEquals(Integer.toString(breachHeight), cells.get(0).getText().replace(",", ""));
                    assertEquals(breach.justiceTx().txid.toString(), cells.get(2).getText(), "the justice txid, display order");
                    awaitNumber(driver, "breaches", 1);
                    awaitNumber(driver, "justice-in_mempool", 1);
                    awaitNumber(driver, "appointments", 1);

                    int justiceHeight = devnet.mine(1).get(0).height();
                    assertEquals(justiceHeight, BreachScenariosIT.confirmedAt(devnet, breach.justiceTx().txid));
                    BreachScenariosIT.assertWalletPaid(devnet, channel, breach);
                    awaitRowState(driver, row, "confirmed");
                    awaitNumber(driver, "justice-confirmed", 1);
                    awaitNumber(driver, "justice-in_mempool", 0);
                    awaitNumber(driver, "outbox", 0);
                    awaitNumber(driver, "tip-height", justiceHeight);

                    // Three blocks since the tower started: each is a point of the chart.
                    pageWait(driver).withMessage("the latency chart's points").until(d -> {
                        WebElement chart = d.findElement(By.id("latency-chart"));
                        return Integer.parseInt(chart.getDomAttribute("data-points")) >= 3
                                && chart.findElements(By.tagName("circle")).size() >= 3;
                    });
                    Path shot = Path.of("target", "status-page.png");
                    Files.createDirectories(shot.getParent());
                    Files.write(shot, ((ChromeDriver) driver).getScreenshotAs(OutputType.BYTES));
                    assertTrue(Files.size(shot) > 10_000, "a screenshot of the page");
                } finally {
                    driver.quit();
                }
            }
        }
    }

    /** Headless chromium, Debian's binaries only, a fresh profile under target. */
    private static WebDriver browser() throws java.io.IOException {
        Path profile = Files.createTempDirectory(Files.createDirectories(Path.of("target", "chromium")), "profile-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                "--window-size=1280,1200", "--user-data-dir=" + profile.toAbsolutePath());
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    /**
     * A bounded wait that looks again when the page replaced an element it had found: the page
     * re-renders its table and cards at every poll, so an element found just before one is stale.
     */
    private static org.openqa.selenium.support.ui.FluentWait<WebDriver> pageWait(WebDriver driver) {
        return new WebDriverWait(driver, WAIT).ignoring(org.openqa.selenium.StaleElementReferenceException.class);
    }

    private static void awaitText(WebDriver driver, String id, String expected) {
        pageWait(driver).withMessage("#" + id + " to read " + expected)
                .until(d -> expected.equals(d.findElement(By.id(id)).getText()));
    }

    private static void awaitNumber(WebDriver driver, String id, long expected) {
        awaitText(driver, id, String.format(java.util.Locale.US, "%,d", expected));
    }

    private static void awaitRowState(WebDriver driver, By row, String state) {
        pageWait(driver).withMessage("the breach listed as " + state).until(d -> {
            List<WebElement> rows = d.findElements(row);
            return !rows.isEmpty() && rows.get(0).findElement(By.cssSelector("span.state")).getText().equals(state);
        });
    }
}
