/* Made tests/corpus/img/photo.jpg (RGB, baseline) and gray.jpg (gray,
 * progressive) once: cc make-jpeg.c -ljpeg && ./a.out DIR */
#include <stdio.h>
#include <jpeglib.h>

static int write_jpeg(const char *path, int w, int h, int gray, int progressive)
{
	struct jpeg_compress_struct c;
	struct jpeg_error_mgr e;
	unsigned char row[3 * 1024];
	FILE *f = fopen(path, "wb");
	if (!f)
		return 1;
	c.err = jpeg_std_error(&e);
	jpeg_create_compress(&c);
	jpeg_stdio_dest(&c, f);
	c.image_width = (JDIMENSION)w;
	c.image_height = (JDIMENSION)h;
	c.input_components = gray ? 1 : 3;
	c.in_color_space = gray ? JCS_GRAYSCALE : JCS_RGB;
	jpeg_set_defaults(&c);
	jpeg_set_quality(&c, 70, TRUE);
	if (progressive)
		jpeg_simple_progression(&c);
	jpeg_start_compress(&c, TRUE);
	for (int y = 0; y < h; y++) {
		for (int x = 0; x < w; x++) {
			int d = ((x - w / 2) * (x - w / 2) + (y - h / 2) * (y - h / 2)) / 40;
			if (gray) {
				row[x] = (unsigned char)(d % 200 + 30);
			} else {
				row[3 * x] = (unsigned char)(60 + x * 150 / w);
				row[3 * x + 1] = (unsigned char)(120 + (d % 80));
				row[3 * x + 2] = (unsigned char)(200 - y * 150 / h);
			}
		}
		JSAMPROW r = row;
		jpeg_write_scanlines(&c, &r, 1);
	}
	jpeg_finish_compress(&c);
	jpeg_destroy_compress(&c);
	fclose(f);
	return 0;
}

int main(int argc, char **argv)
{
	char p[4096];
	if (argc != 2)
		return 2;
	snprintf(p, sizeof(p), "%s/photo.jpg", argv[1]);
	if (write_jpeg(p, 320, 200, 0, 0))
		return 1;
	snprintf(p, sizeof(p), "%s/gray.jpg", argv[1]);
	return write_jpeg(p, 160, 160, 1, 1);
}
