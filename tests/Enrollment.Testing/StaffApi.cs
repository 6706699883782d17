using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Enrollment.Testing;

/// <summary>Staff steps as their pages make them: open the object for its ETag, then act on exactly that version.</summary>
public static class StaffApi
{
    /// <summary>The officer reads the county's configuration for its version, then imports the file on exactly that version.</summary>
    public static async Task<HttpResponseMessage> ImportConfigurationAsync(this HttpClient officer, string countyId, JsonNode file, string reason)
    {
        var route = $"/api/staff/counties/{countyId}/configuration";
        var etag = (await officer.GetAsync(route)).Headers.ETag!.Tag;
        return await officer.SendAsync(WithIfMatch(new HttpRequestMessage(HttpMethod.Post, $"{route}/import?reason={Uri.EscapeDataString(reason)}")
        {
            Content = new StringContent(file.ToJsonString(), Encoding.UTF8, "application/json"),
        }, etag));
    }

    /// <summary>审核通过: the reviewer opens the application and approves it (it becomes eligible).</summary>
    public static Task ApproveApplicationAsync(this HttpClient reviewer, string schoolId, string applicationId) =>
        reviewer.DecideAsync(schoolId, applicationId, "approve", new { });

    /// <summary>审核不通过, for a reason from the list (<c>OutsideCatchment</c>, <c>BasisNotMet</c>…) and the school's words.</summary>
    public static Task RejectApplicationAsync(this HttpClient reviewer, string schoolId, string applicationId, string reason, string text) =>
        reviewer.DecideAsync(schoolId, applicationId, "reject", new { reason, text });

    private static async Task DecideAsync(this HttpClient reviewer, string schoolId, string applicationId, string decision, object body)
    {
        var route = $"/api/staff/schools/{schoolId}/applications/{applicationId}";
        var opened = await reviewer.GetAsync(route);
        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        var decided = await reviewer.SendAsync(WithIfMatch(new HttpRequestMessage(HttpMethod.Post, $"{route}/{decision}") { Content = JsonContent.Create(body) }, opened.Headers.ETag!.Tag));
        Assert.Equal(HttpStatusCode.OK, decided.StatusCode);
    }

    public static string AdmissionRoute(string countyId, string schoolId) => $"/api/staff/counties/{countyId}/schools/{schoolId}/admission";

    /// <summary>Opens the school's final list and takes a step on it (approve for the head, confirm for the bureau) under the ETag just read.</summary>
    public static async Task<HttpResponseMessage> AdmissionStepAsync(this HttpClient staff, string countyId, string schoolId, string step)
    {
        var route = AdmissionRoute(countyId, schoolId);
        var opened = await staff.GetAsync(route);
        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        return await staff.SendAsync(WithIfMatch(new HttpRequestMessage(HttpMethod.Post, $"{route}/{step}"), opened.Headers.ETag!.Tag));
    }

    public static HttpRequestMessage WithIfMatch(HttpRequestMessage request, string etag)
    {
        request.Headers.TryAddWithoutValidation("If-Match", etag);
        return request;
    }
}
