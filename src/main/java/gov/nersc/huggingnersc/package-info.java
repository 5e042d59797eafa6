/**
 * HuggingNERSC's API. {@link gov.nersc.huggingnersc.HuggingNersc} is the facade, one method per
 * user action; {@link gov.nersc.huggingnersc.HuggingNerscTools} holds what needs no catalog or Hub
 * settings, {@link gov.nersc.huggingnersc.Accounts} the Hub tokens, and {@link
 * gov.nersc.huggingnersc.Preview} a page served as it would be published. The values they take and
 * return are in {@code gov.nersc.huggingnersc.api}; failures are {@code errors.HuggingNerscException}s.
 *
 * <pre>{@code
 * HuggingNersc hn = HuggingNersc.create(HuggingNerscTools.resolveSettings(null, null, null, null, System.getenv()));
 * CatalogResult r = hn.catalogNewDataset(NewDataset.builder().officialName("Iris").nickname("iris")
 *     .loaderScript(Path.of("iris_loader.py")).dataPath("/global/cfs/cdirs/dasrepo/www/ai_ready_datasets/iris/data/")
 *     .downloadLink("auto").metadataJson(Path.of("iris_metadata.json")).build(), PublishOptions.defaults());
 * System.out.println(r.publication().orElseThrow().commitUrl());
 * hn.publish("iris", PublishOptions.defaults());   // again: no commit, the repo agrees
 * }</pre>
 */
package gov.nersc.huggingnersc;
