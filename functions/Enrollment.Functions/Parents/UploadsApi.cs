using Enrollment.Core.Uploads;
using Enrollment.Functions.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Enrollment.Functions.Parents;

public sealed record UploadRequest(string? Kind, string? ContentType, long? Length);

public sealed record UploadSlotView(string UploadId, Uri UploadUrl, DateTimeOffset ExpiresAt, long MaxBytes, IReadOnlyDictionary<string, string> RequiredHeaders);

public sealed record DocumentView(string UploadId, string Kind, string KindName, string ContentType, long Length)
{
    public static DocumentView From(AcceptedDocument d) => new(d.UploadId, d.Kind, DocumentKinds.Names.GetValueOrDefault(d.Kind, d.Kind), d.ContentType, d.Length);
}

/// <summary>
/// Documents go straight from the phone to storage: the app hands out a short-lived, write-only link
/// for one blob, then checks what arrived before it counts.
/// </summary>
public static class UploadsApi
{
    public static RouteGroupBuilder MapUploadsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/parent/uploads").WithTags("Parents").RequireAuthorization(ParentAuthenticationHandler.Policy);

        api.MapPost("/", IssueAsync).WithName("StartUpload")
            .WithSummary("A write-only link, valid a few minutes, for one document; PUT the file there with the headers given.");
        api.MapPost("/{uploadId}/accept", AcceptAsync).WithName("FinishUpload")
            .WithSummary("Check what was uploaded (size, real type, metadata removed) and keep it.");
        return api;
    }

    public static Task<Results<Created<UploadSlotView>, ValidationProblem, ProblemHttpResult>> IssueAsync(
        UploadRequest request, SignedInParent parent, UploadService uploads, CancellationToken cancellationToken) =>
        IssueForAsync(request, parent.ParentId, uploads, cancellationToken);

    public static Task<Results<Ok<DocumentView>, ProblemHttpResult>> AcceptAsync(
        string uploadId, SignedInParent parent, UploadService uploads, CancellationToken cancellationToken) =>
        AcceptForAsync(uploadId, parent.ParentId, uploads, cancellationToken);

    /// <summary>A slot owned by <paramref name="ownerId"/>: the parent's account, or the guardian's when staff upload for a family.</summary>
    internal static async Task<Results<Created<UploadSlotView>, ValidationProblem, ProblemHttpResult>> IssueForAsync(
        UploadRequest request, string ownerId, UploadService uploads, CancellationToken cancellationToken)
    {
        if (!DocumentKinds.IsKnown(request.Kind))
        {
            return Problems.Invalid(new Dictionary<string, string[]> { ["kind"] = ["请选择要上传的材料类型。"] });
        }

        var outcome = await uploads.IssueSlotAsync(ownerId, request.Kind!, request.ContentType ?? "", request.Length ?? 0, cancellationToken);
        return outcome switch
        {
            SlotOutcome.Issued issued => TypedResults.Created((string?)null,
                new UploadSlotView(issued.Slot.UploadId, issued.Slot.UploadUrl, issued.Slot.ExpiresAt, issued.Slot.MaxBytes, issued.Slot.RequiredHeaders)),
            SlotOutcome.TooLarge tooLarge => Problems.Problem(StatusCodes.Status413PayloadTooLarge, "file-too-large", "文件太大",
                $"请上传不超过 {tooLarge.MaxBytes / 1024 / 1024} MB 的照片或PDF，可以用手机拍照后直接上传。"),
            SlotOutcome.TypeNotAllowed => Problems.Problem(StatusCodes.Status415UnsupportedMediaType, "file-type-not-allowed", "不支持这种文件",
                "请上传照片（JPG、PNG）或PDF文件。苹果手机请在拍照设置中选择“兼容性最佳”。"),
            SlotOutcome.Empty => Problems.Problem(StatusCodes.Status400BadRequest, "file-empty", "文件是空的", "请重新选择或重新拍照后上传。"),
            _ => Problems.Invalid(new Dictionary<string, string[]> { ["kind"] = ["请选择要上传的材料类型。"] }),
        };
    }

    internal static async Task<Results<Ok<DocumentView>, ProblemHttpResult>> AcceptForAsync(
        string uploadId, string ownerId, UploadService uploads, CancellationToken cancellationToken)
    {
        if (!UploadService.IsWellFormedUploadId(uploadId))
        {
            return UploadNotFound();
        }

        var outcome = await uploads.AcceptAsync(ownerId, uploadId, cancellationToken);
        return outcome switch
        {
            AcceptOutcome.Accepted accepted => TypedResults.Ok(DocumentView.From(accepted.Document)),
            AcceptOutcome.NotUploaded => Problems.Problem(StatusCodes.Status409Conflict, "upload-not-finished", "文件还没有上传完成",
                "请等待上传进度完成后再试；如网络中断，请重新选择文件上传。"),
            AcceptOutcome.Refused refused => Problems.Problem(StatusCodes.Status422UnprocessableEntity, "file-refused", "文件无法使用", Explain(refused.Refusal)),
            _ => UploadNotFound(),
        };
    }

    private static string Explain(UploadRefusal refusal) => refusal.Reason switch
    {
        UploadRefusalReason.Empty => "上传的文件是空的，请重新拍照或选择文件。",
        UploadRefusalReason.TooLarge => $"文件超过 {refusal.MaxBytes / 1024 / 1024} MB，请重新拍照或压缩后上传。",
        UploadRefusalReason.TypeMismatch => "文件内容与类型不符（例如把其他文件改成了图片后缀），请直接拍照或上传原始的照片、PDF。",
        UploadRefusalReason.Damaged => "文件已损坏，无法打开，请重新拍照或选择文件。",
        UploadRefusalReason.MetadataNotRemovable => "这张照片带有位置等信息，无法安全去除。请在相机设置中选择“兼容性最佳”（JPG格式）后重新拍照上传。",
        _ => "请重新拍照或选择文件上传。",
    };

    private static ProblemHttpResult UploadNotFound() =>
        Problems.NotFound("没有找到这次上传", "上传链接可能已过期，请重新选择文件上传。");
}
