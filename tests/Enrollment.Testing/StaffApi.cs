using System.Net;
using System.Net.Http.Json;

namespace Enrollment.Testing;

/// <summary>Staff steps as their pages make them: open the object for its ETag, then act on exactly that version.</summary>
public static class StaffApi
{
    /// <summary>审核通过: the reviewer opens the application and approves it (it becomes eligible).</summary>
    public static async Task ApproveApplicationAsync(this HttpClient reviewer, string schoolId, string applicationId)
    {
        var route = $"/api/staff/schools/{schoolId}/applications/{applicationId}";
        var opened = await reviewer.GetAsync(route);
        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        var approved = await reviewer.SendAsync(WithIfMatch(new HttpRequestMessage(HttpMethod.Post, $"{route}/approve") { Content = JsonContent.Create(new { }) }, opened.Headers.ETag!.Tag));
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
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
